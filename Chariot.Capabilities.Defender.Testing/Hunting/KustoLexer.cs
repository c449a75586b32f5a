using System.Globalization;
using System.Text;

namespace Chariot.Capabilities.Defender.Testing.Hunting;

/// <summary>The kinds of token of the Kusto subset the fake reads.</summary>
internal enum KustoTokenKind
{
    Name,
    String,
    Number,
    Timespan,
    Symbol,
    End,
}

/// <summary>One token: its kind, its text (a string's value unescaped, a symbol's characters) and where it starts.</summary>
internal readonly record struct KustoToken(KustoTokenKind Kind, string Text, int Position)
{
    public bool Is(string symbol) => Kind == KustoTokenKind.Symbol && Text == symbol;

    public bool IsName(string name) => Kind == KustoTokenKind.Name && Text == name;
}

/// <summary>
/// Splits a query into tokens: names, string literals (<c>"..."</c> or <c>'...'</c>, backslash escapes), whole numbers,
/// timespans (<c>7d</c>, <c>48h</c>, <c>30m</c>, <c>10s</c>), the symbols of the subset, and <c>//</c> comments (dropped).
/// </summary>
internal static class KustoLexer
{
    private static readonly string[] Symbols = ["==", "!=", "=~", ">=", "<=", "|", "(", ")", ",", "=", ">", "<", ".", "*"];

    public static List<KustoToken> Tokens(string query)
    {
        var tokens = new List<KustoToken>();
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '/' && i + 1 < query.Length && query[i + 1] == '/')
            {
                while (i < query.Length && query[i] != '\n')
                {
                    i++;
                }
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < query.Length && (char.IsLetterOrDigit(query[i]) || query[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new(KustoTokenKind.Name, query[start..i], start));
            }
            else if (char.IsAsciiDigit(c))
            {
                tokens.Add(Number(query, ref i));
            }
            else if (c is '"' or '\'')
            {
                tokens.Add(StringLiteral(query, ref i));
            }
            else if (Symbols.FirstOrDefault(s => string.CompareOrdinal(query, i, s, 0, s.Length) == 0) is { } symbol)
            {
                tokens.Add(new(KustoTokenKind.Symbol, symbol, i));
                i += symbol.Length;
            }
            else
            {
                throw new KustoSyntaxException($"Query could not be parsed at '{c}' (position {i}).");
            }
        }

        tokens.Add(new(KustoTokenKind.End, "", query.Length));
        return tokens;
    }

    public static TimeSpan TimespanOf(KustoToken token)
    {
        var amount = long.Parse(token.Text[..^1], CultureInfo.InvariantCulture);
        return token.Text[^1] switch
        {
            'd' => TimeSpan.FromDays(amount),
            'h' => TimeSpan.FromHours(amount),
            'm' => TimeSpan.FromMinutes(amount),
            _ => TimeSpan.FromSeconds(amount),
        };
    }

    private static KustoToken Number(string query, ref int i)
    {
        var start = i;
        while (i < query.Length && char.IsAsciiDigit(query[i]))
        {
            i++;
        }

        if (i < query.Length && query[i] is 'd' or 'h' or 'm' or 's' && (i + 1 == query.Length || !char.IsLetterOrDigit(query[i + 1])))
        {
            i++;
            return new(KustoTokenKind.Timespan, query[start..i], start);
        }

        if (i < query.Length && char.IsLetter(query[i]))
        {
            throw new KustoSyntaxException($"Query could not be parsed at '{query[start..(i + 1)]}' (position {start}).");
        }

        return new(KustoTokenKind.Number, query[start..i], start);
    }

    private static KustoToken StringLiteral(string query, ref int i)
    {
        var start = i;
        var quote = query[i++];
        var value = new StringBuilder();
        while (i < query.Length && query[i] != quote)
        {
            if (query[i] == '\\' && i + 1 < query.Length)
            {
                i++;
                value.Append(query[i] switch { 'n' => '\n', 't' => '\t', var other => other });
            }
            else
            {
                value.Append(query[i]);
            }

            i++;
        }

        if (i == query.Length)
        {
            throw new KustoSyntaxException($"Query could not be parsed: the string literal at position {start} does not end.");
        }

        i++;
        return new(KustoTokenKind.String, value.ToString(), start);
    }
}
