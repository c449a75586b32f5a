using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Chariot.Capabilities.Defender.Paging;

/// <summary>
/// Reads an OData page (<c>{"value":[...],"@odata.nextLink":"..."}</c>) incrementally, from as many buffers as the body
/// arrives in, so a 200 MB page never sits in memory: only the item being read does.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class ODataPageParser<T>(JsonTypeInfo<T> itemType)
{
    private enum Phase
    {
        Start,
        Properties,
        PropertyValue,
        Items,
        Done,
    }

    private JsonReaderState _state;
    private Phase _phase = Phase.Start;
    private string? _property;
    private bool _pendingComma;
    private bool _sawValue;

    /// <summary>The page's <c>@odata.nextLink</c>, once read.</summary>
    public string? NextLink { get; private set; }

    /// <summary>The page's <c>@odata.count</c> (how many items the whole query matches), once read.</summary>
    public long? Count { get; private set; }

    /// <summary>Whether the whole page was read.</summary>
    public bool IsComplete => _phase == Phase.Done;

    /// <summary>
    /// Parses what <paramref name="data"/> holds; adds each complete item (or the error of an item that could not be read)
    /// and returns how many bytes were consumed. The caller keeps the rest and calls again with more data appended.
    /// </summary>
    public int Parse(ReadOnlySpan<byte> data, bool isFinalBlock, List<ParsedItem<T>> items)
    {
        if (_pendingComma)
        {
            return ParseAfterPendingComma(data, isFinalBlock, items);
        }

        // Whitespace between tokens is consumed as it arrives: the JSON reader leaves it (and a comma before it) until the
        // next token comes, so a page padded with megabytes of it would be kept, grown and read again at every buffer, a
        // cost that grew with the square of its size. A comma followed only by whitespace is taken too, and remembered.
        if (!isFinalBlock && _phase != Phase.Done)
        {
            var token = data.IndexOfAnyExcept(Whitespace);
            if (token < 0)
            {
                return data.Length;
            }

            if (token > 0)
            {
                return token + Parse(data[token..], isFinalBlock, items);
            }

            if (data[0] == (byte)',' && data[1..].IndexOfAnyExcept(Whitespace) < 0)
            {
                _pendingComma = true;
                return data.Length;
            }
        }

        var reader = new Utf8JsonReader(data, isFinalBlock, _state);
        var consumed = 0;
        while (_phase != Phase.Done && Step(ref reader, data, items))
        {
            consumed = (int)reader.BytesConsumed;
            _state = reader.CurrentState;
        }

        // What stopped the reader may be whitespace (or a comma and whitespace) waiting for the next token: take it now.
        return consumed > 0 && consumed < data.Length && !isFinalBlock && _phase != Phase.Done
            ? consumed + Parse(data[consumed..], isFinalBlock, items)
            : consumed;
    }

    private static ReadOnlySpan<byte> Whitespace => " \t\r\n"u8;

    // The comma taken earlier goes back in front of what came since, for the reader, which checks it.
    private int ParseAfterPendingComma(ReadOnlySpan<byte> data, bool isFinalBlock, List<ParsedItem<T>> items)
    {
        var joined = ArrayPool<byte>.Shared.Rent(data.Length + 1);
        try
        {
            joined[0] = (byte)',';
            data.CopyTo(joined.AsSpan(1));
            _pendingComma = false;
            var used = Parse(joined.AsSpan(0, data.Length + 1), isFinalBlock, items);
            if (used == 0)
            {
                // Nothing read past the comma yet (an item still arriving): it stays pending.
                _pendingComma = true;
                return 0;
            }

            return used - 1;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
    }

    private bool Step(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, List<ParsedItem<T>> items)
    {
        switch (_phase)
        {
            case Phase.Start:
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new MalformedPageException($"the page is a JSON {reader.TokenType}, not an object {{\"value\":[...]}}");
                }

                _phase = Phase.Properties;
                return true;

            case Phase.Properties:
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    // An empty listing is "value":[]; a page without it is something else, and reading it as empty would
                    // lose whatever the listing holds (and move a checkpoint past it).
                    _phase = _sawValue ? Phase.Done : throw new MalformedPageException("the page has no \"value\" array");
                    return true;
                }

                _property = reader.GetString();
                _phase = Phase.PropertyValue;
                return true;

            case Phase.PropertyValue:
                return ReadPropertyValue(ref reader);

            case Phase.Items:
                return ReadItem(ref reader, data, items);

            default:
                return false;
        }
    }

    private bool ReadPropertyValue(ref Utf8JsonReader reader)
    {
        var before = reader;
        if (!reader.Read())
        {
            return false;
        }

        if (string.Equals(_property, "value", StringComparison.OrdinalIgnoreCase))
        {
            _sawValue = reader.TokenType == JsonTokenType.StartArray
                ? true
                : throw new MalformedPageException($"the page's \"value\" is a JSON {reader.TokenType}, not an array");
            _phase = Phase.Items;
            return true;
        }

        if (string.Equals(_property, "@odata.nextLink", StringComparison.OrdinalIgnoreCase))
        {
            NextLink = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            _phase = Phase.Properties;
            return true;
        }

        if (string.Equals(_property, "@odata.count", StringComparison.OrdinalIgnoreCase))
        {
            Count = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var count) && count >= 0 ? count : null;
            _phase = Phase.Properties;
            return true;
        }

        if (!reader.TrySkip())
        {
            reader = before;
            return false;
        }

        _phase = Phase.Properties;
        return true;
    }

    private bool ReadItem(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, List<ParsedItem<T>> items)
    {
        var before = reader;
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType == JsonTokenType.EndArray)
        {
            _phase = Phase.Properties;
            return true;
        }

        var start = (int)reader.TokenStartIndex;
        if (!reader.TrySkip())
        {
            reader = before;
            return false;
        }

        var slice = data[start..(int)reader.BytesConsumed];
        try
        {
            var item = JsonSerializer.Deserialize(slice, itemType);
            items.Add(item is null ? ParsedItem<T>.Bad("the item is null") : ParsedItem<T>.Good(item));
        }
        catch (JsonException e)
        {
            // One unreadable record is skipped and counted; it never stops the page.
            items.Add(ParsedItem<T>.Bad(e.Message));
        }

        return true;
    }

}

/// <summary>A body that is whole JSON but not an OData page: reading it again will not help.</summary>
internal sealed class MalformedPageException(string message) : Exception(message);

/// <summary>An item read from a page, or why it could not be read.</summary>
/// <typeparam name="T">The item type.</typeparam>
internal readonly record struct ParsedItem<T>(T? Item, string? Problem)
{
    public static ParsedItem<T> Good(T item) => new(item, null);

    public static ParsedItem<T> Bad(string problem) => new(default, problem);
}
