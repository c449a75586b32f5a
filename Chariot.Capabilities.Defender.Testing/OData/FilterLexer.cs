using System.Globalization;
using System.Text;

namespace Chariot.Capabilities.Defender.Testing.OData;

/// <summary>Splits a decoded <c>$filter</c> into tokens. String literals use OData's doubled quote: <c>'o''brien'</c>.</summary>
internal static class FilterLexer
{
    public static List<FilterToken> Tokenize(string text)
    {
        var tokens = new List<FilterToken>();
        var position = 0;
        while (position < text.Length)
        {
            var current = text[position];
            if (char.IsWhiteSpace(current))
            {
                position++;
                continue;
            }

            var start = position;
            switch (current)
            {
                case '(':
                    tokens.Add(new(FilterTokenKind.OpenParen, "(", null, start));
                    position++;
                    break;
                case ')':
                    tokens.Add(new(FilterTokenKind.CloseParen, ")", null, start));
                    position++;
                    break;
                case ',':
                    tokens.Add(new(FilterTokenKind.Comma, ",", null, start));
                    position++;
                    break;
                case ':':
                    tokens.Add(new(FilterTokenKind.Colon, ":", null, start));
                    position++;
                    break;
                case '\'':
                    tokens.Add(ReadString(text, ref position));
                    break;
                default:
                    if (char.IsDigit(current) || current == '-')
                    {
                        tokens.Add(ReadNumberOrDate(text, ref position));
                    }
                    else if (char.IsLetter(current) || current is '_' or '$' or '@')
                    {
                        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] is '_' or '/' or '.' or '$' or '@'))
                        {
                            position++;
                        }

                        var word = text[start..position];
                        tokens.Add(new(FilterTokenKind.Identifier, word, word, start));
                    }
                    else
                    {
                        throw new FilterSyntaxException($"Syntax error: character '{current}' at position {start} is not valid.");
                    }

                    break;
            }
        }

        tokens.Add(new(FilterTokenKind.End, string.Empty, null, text.Length));
        return tokens;
    }

    private static FilterToken ReadString(string text, ref int position)
    {
        var start = position;
        var value = new StringBuilder();
        position++;
        while (true)
        {
            if (position >= text.Length)
            {
                throw new FilterSyntaxException($"Syntax error: unterminated string literal at position {start}.");
            }

            if (text[position] == '\'')
            {
                if (position + 1 < text.Length && text[position + 1] == '\'')
                {
                    value.Append('\'');
                    position += 2;
                    continue;
                }

                position++;
                return new(FilterTokenKind.String, text[start..position], value.ToString(), start);
            }

            value.Append(text[position]);
            position++;
        }
    }

    private static FilterToken ReadNumberOrDate(string text, ref int position)
    {
        var start = position;
        position++;
        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] is ':' or '.' or '-' or '+'))
        {
            position++;
        }

        var word = text[start..position];
        if (word.Contains('T', StringComparison.Ordinal) &&
            DateTimeOffset.TryParse(word, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            return new(FilterTokenKind.DateTime, word, date, start);
        }

        if (double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new(FilterTokenKind.Number, word, number, start);
        }

        throw new FilterSyntaxException($"Syntax error: '{word}' at position {start} is neither a number nor a date-time.");
    }
}
