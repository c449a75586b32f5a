using System.Text;
using System.Text.Json;

namespace Chariot.Capabilities.Defender.Paging;

/// <summary>
/// How the page parser reads tokens whose size and text it cannot trust: a record to its end with its strings measured,
/// a page's property names without making strings of them, its nextLink as text or a clear refusal.
/// </summary>
internal static class PageTokens
{
    /// <summary>
    /// Reads to the end of the record at the reader, as <see cref="Utf8JsonReader.TrySkip"/> would, and names the first
    /// string (a value or a name) longer than <see cref="PageLimits.MaxFieldBytes"/>: by its property name, or "" when it
    /// is one of an array or the record itself. False when the record has not all arrived.
    /// </summary>
    public static bool SkipRecord(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, out string? longField)
    {
        longField = null;
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            longField = IsLong(ref reader) ? "" : null;
            return true;
        }

        var depth = reader.CurrentDepth;
        var name = (Start: 0, Length: 0);
        do
        {
            if (!reader.Read())
            {
                return false;
            }

            if (longField is null && IsLong(ref reader))
            {
                longField = reader.TokenType == JsonTokenType.PropertyName ? "(a name)" : NameAt(data, name);
            }

            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                name = ((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
            }
        }
        while (reader.CurrentDepth > depth);
        return true;
    }

    private static bool IsLong(ref Utf8JsonReader reader) =>
        reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueSpan.Length > PageLimits.MaxFieldBytes;

    // A name for a message: its first 64 bytes as sent, any invalid UTF-8 shown as U+FFFD.
    private static string NameAt(ReadOnlySpan<byte> data, (int Start, int Length) name) =>
        Encoding.UTF8.GetString(data.Slice(name.Start, Math.Min(name.Length, 64)));

    /// <summary>The array of an OData page's items.</summary>
    public const string ODataItems = "value";

    // Names are matched whatever their case (as they always were). One longer than ours is none of them and is never
    // made a string; one that is not text (invalid UTF-8, an escaped lone surrogate) is none of them either.
    public static PageProperty PropertyOf(ref Utf8JsonReader reader, string itemsName = ODataItems)
    {
        const int Longest = 32;
        if (reader.ValueSpan.Length > Longest)
        {
            return PageProperty.Other;
        }

        Span<char> name = stackalloc char[Longest]; // never more characters than bytes
        int length;
        try
        {
            length = reader.CopyString(name);
        }
        catch (InvalidOperationException)
        {
            return PageProperty.Other;
        }

        var text = name[..length];
        return text.Equals(itemsName, StringComparison.OrdinalIgnoreCase) ? PageProperty.Value
            : text.Equals("@odata.nextLink", StringComparison.OrdinalIgnoreCase) ? PageProperty.NextLink
            : text.Equals("@odata.count", StringComparison.OrdinalIgnoreCase) ? PageProperty.Count
            : PageProperty.Other;
    }

    public static string LinkOf(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new MalformedPageException("the page's \"@odata.nextLink\" is not text (invalid UTF-8 or a broken escape)");
        }
    }
}
