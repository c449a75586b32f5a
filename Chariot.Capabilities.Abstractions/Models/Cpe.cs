using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace Chariot.Capabilities.Models;

/// <summary>
/// A CPE 2.3 name as tabularium holds it (<c>cpe.go</c>, over <c>knqyf263/go-cpe</c>'s NISTIR 7695 naming): each
/// attribute is its well-formed-name value (a string with non-alphanumerics quoted by <c>\</c>, as <c>2\.4\.50</c>, or
/// the logical value <c>ANY</c> / <c>NA</c>), read from a formatted string by <see cref="Parse"/> and bound back to one by
/// <see cref="ToString"/>. go-cpe's quirks are kept, since Chariot's keys come from them: a value spelled <c>any</c> or
/// <c>na</c> (any case) binds as the logical value; a value the well-formed-name rules refuse stays <c>ANY</c>; each
/// byte of a non-ASCII character is quoted on its own (Go then writes it as U+FFFD).
/// </summary>
public sealed record Cpe
{
    private const string Prefix = "cpe:2.3:";
    private const string Any = "ANY";
    private const string NotApplicable = "NA";

    /// <summary><c>a</c> application, <c>o</c> operating system, <c>h</c> hardware.</summary>
    [JsonPropertyName("part")]
    public string Part { get; init; } = Any;

    /// <summary>The vendor.</summary>
    [JsonPropertyName("vendor")]
    public string Vendor { get; init; } = Any;

    /// <summary>The product.</summary>
    [JsonPropertyName("product")]
    public string Product { get; init; } = Any;

    /// <summary>The version.</summary>
    [JsonPropertyName("version")]
    public string Version { get; init; } = Any;

    /// <summary>The update.</summary>
    [JsonPropertyName("update")]
    public string Update { get; init; } = Any;

    /// <summary>The (legacy) edition.</summary>
    [JsonPropertyName("edition")]
    public string Edition { get; init; } = Any;

    /// <summary>The language.</summary>
    [JsonPropertyName("language")]
    public string Language { get; init; } = Any;

    /// <summary>The software edition.</summary>
    [JsonPropertyName("swEdition")]
    public string SwEdition { get; init; } = Any;

    /// <summary>The target software.</summary>
    [JsonPropertyName("targetSw")]
    public string TargetSw { get; init; } = Any;

    /// <summary>The target hardware.</summary>
    [JsonPropertyName("targetHw")]
    public string TargetHw { get; init; } = Any;

    /// <summary>Other.</summary>
    [JsonPropertyName("other")]
    public string Other { get; init; } = Any;

    /// <summary>
    /// Reads a CPE 2.3 formatted string (<c>cpe:2.3:part:vendor:...</c>, eleven attributes), as tabularium's
    /// <c>NewCPE</c> does: extra attributes past the eleventh are dropped.
    /// </summary>
    /// <exception cref="FormatException">The text is not a CPE 2.3 formatted string; the message says why.</exception>
    public static Cpe Parse(string formatted)
    {
        ArgumentNullException.ThrowIfNull(formatted);
        var colons = CountUnquotedColons(formatted);
        if (colons > 12 && formatted.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && !HasEmptyComponent(formatted))
        {
            // tabularium: "The CPE string has too many segments, trying once again with extra segments removed".
            return Parse(string.Join(':', formatted.Split(':').Take(13)));
        }

        Validate(formatted, colons);
        var values = new string[11];
        for (var i = 0; i < 11; i++)
        {
            var field = Component(formatted, i + 2);
            values[i] = field switch
            {
                "*" => Any,
                "-" => i == 0 ? Any : NotApplicable, // the part cannot be a logical value: go-cpe leaves it unset (ANY)
                _ => AddQuoting(field),
            };

            // go-cpe's WellFormedName.Set refuses what its rules do not allow, and UnbindFS ignores that: the value stays ANY.
            if (values[i] is not (Any or NotApplicable) && (!IsValidValue(values[i]) || (i == 0 && values[i] is not ("a" or "o" or "h"))))
            {
                values[i] = Any;
            }
        }

        return new Cpe
        {
            Part = values[0],
            Vendor = values[1],
            Product = values[2],
            Version = values[3],
            Update = values[4],
            Edition = values[5],
            Language = values[6],
            SwEdition = values[7],
            TargetSw = values[8],
            TargetHw = values[9],
            Other = values[10],
        };
    }

    /// <summary>The formatted string (go-cpe's <c>BindToFS</c>): <c>cpe:2.3:a:apache:http_server:2.4.50:*:*:*:*:*:*:*</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Prefix, 64);
        string[] values = [Part, Vendor, Product, Version, Update, Edition, Language, SwEdition, TargetSw, TargetHw, Other];
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                text.Append(':');
            }

            text.Append(values[i].ToUpperInvariant() switch
            {
                Any => "*",
                NotApplicable => "-",
                _ => Unquote(values[i]),
            });
        }

        return text.ToString();
    }

    // go-cpe's ValidateFS.
    private static void Validate(string formatted, int colons)
    {
        if (!formatted.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"A CPE formatted string starts with \"cpe:2.3:\": '{formatted}' does not.");
        }

        if (HasEmptyComponent(formatted))
        {
            throw new FormatException($"The CPE '{formatted}' has an empty component (\"::\"); use * for any value.");
        }

        if (colons < 12)
        {
            throw new FormatException($"The CPE '{formatted}' lacks {12 - colons} of its 11 attributes (part through other).");
        }
    }

    private static int CountUnquotedColons(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            count += IsUnquotedColon(text, i) ? 1 : 0;
        }

        return count;
    }

    private static bool HasEmptyComponent(string text)
    {
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (IsUnquotedColon(text, i) && text[i + 1] == ':')
            {
                return true;
            }
        }

        return false;
    }

    // A colon separates attributes unless a backslash quotes it (go-cpe looks at the one character before).
    private static bool IsUnquotedColon(ReadOnlySpan<char> text, int i) => text[i] == ':' && (i == 0 || text[i - 1] != '\\');

    // go-cpe's getCompFS: the index-th field, colons quoted by a backslash not counting.
    private static string Component(string text, int index)
    {
        var rest = text.AsSpan();
        for (var j = 0; j < index; j++)
        {
            var colon = UnquotedColon(rest);
            if (colon == 0)
            {
                return "";
            }

            rest = rest[(colon + 1)..];
        }

        var end = UnquotedColon(rest);
        return (end == 0 ? rest : rest[..end]).ToString();
    }

    private static int UnquotedColon(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnquotedColon(text, i))
            {
                return i;
            }
        }

        return 0;
    }

    // go-cpe's addQuoting: alphanumerics and '_' pass, quoted pairs stay, '*' only at an end, '?' only in a leading or
    // trailing run; anything else is quoted. Go reads the string byte by byte: a non-ASCII character is one quoted U+FFFD
    // per UTF-8 byte, as Go's JSON encoder writes the invalid bytes left.
    private static string AddQuoting(string field)
    {
        var result = new StringBuilder(field.Length + 8);
        var embedded = false;
        for (var i = 0; i < field.Length; i++)
        {
            var c = field[i];
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                result.Append(c);
                embedded = true;
            }
            else if (c == '\\')
            {
                result.Append(field.AsSpan(i, Math.Min(2, field.Length - i)));
                i++;
                embedded = true;
            }
            else if (c == '*')
            {
                if (i != 0 && i != field.Length - 1)
                {
                    throw new FormatException($"A CPE value may have an unquoted * only at its start or end: '{field}'.");
                }

                result.Append(c);
                embedded = true;
            }
            else if (c == '?')
            {
                var valid = i == 0 || i == field.Length - 1 || (!embedded && field[i - 1] == '?') || (embedded && i + 1 < field.Length && field[i + 1] == '?');
                if (!valid)
                {
                    throw new FormatException($"A CPE value may have an unquoted ? only in a run at its start or end: '{field}'.");
                }

                result.Append(c);
                embedded = false;
            }
            else if (c < 0x80)
            {
                result.Append('\\').Append(c);
                embedded = true;
            }
            else
            {
                var bytes = char.IsHighSurrogate(c) && i + 1 < field.Length ? 4 : Encoding.UTF8.GetByteCount(field.AsSpan(i, 1));
                i += bytes == 4 ? 1 : 0;
                for (var b = 0; b < bytes; b++)
                {
                    result.Append("\\\uFFFD");
                }

                embedded = true;
            }
        }

        return result.ToString();
    }

    // go-cpe's processQuotedChars: a quoted '.', '-' or '_' loses its quote; every other quote stays.
    private static string Unquote(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                var next = value[++i];
                if (next is not ('.' or '-' or '_'))
                {
                    result.Append('\\');
                }

                result.Append(next);
            }
            else
            {
                result.Append(value[i]);
            }
        }

        return result.ToString();
    }

    // go-cpe's ValidateStringValue (Go's unicode.IsPrint, IsSpace and IsPunct over the value's characters).
    private static bool IsValidValue(string value)
    {
        if (value.StartsWith("**", StringComparison.Ordinal) || value.EndsWith("**", StringComparison.Ordinal) || value is "*" or "\\-")
        {
            return false;
        }

        var previous = ' ';
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var category = char.GetUnicodeCategory(c);
            if (char.IsWhiteSpace(c) || category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                return false;
            }

            if (IsPunctuation(category) && previous != '\\' && c != '\\')
            {
                if (c == '*' && i != 0 && i != value.Length - 1)
                {
                    return false;
                }

                if (c is not ('*' or '?' or '_'))
                {
                    return false;
                }
            }

            previous = c;
        }

        if (value.Contains('?', StringComparison.Ordinal) && value != "?" && ContainsUnquotedQuestion(value.Trim('?')))
        {
            return false;
        }

        return true;
    }

    private static bool IsPunctuation(UnicodeCategory category) => category is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
        or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
        or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;

    private static bool ContainsUnquotedQuestion(string text)
    {
        var previous = ' ';
        foreach (var c in text)
        {
            if (c == '?' && previous != '\\')
            {
                return true;
            }

            previous = c;
        }

        return false;
    }
}
