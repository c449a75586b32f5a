using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Chariot.Capabilities.Defender.Paging;

/// <summary>
/// Reads an OData page (<c>{"value":[...],"@odata.nextLink":"..."}</c>) incrementally, from as many buffers as the body
/// arrives in, so a 200 MB page never sits in memory: only the item being read does, and never more than
/// <see cref="PageLimits.MaxRecordBytes"/> of it (a larger record is read past unkept and given as unreadable).
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="itemType">How an item is read.</param>
/// <param name="maxItems">The most items the page may hold; one more fails it (<see cref="OversizedPageException"/>).</param>
/// <param name="itemsName">The array holding the items: OData's <c>value</c>, or another (a hunting result's <c>results</c>).</param>
internal sealed class ODataPageParser<T>(JsonTypeInfo<T> itemType, int maxItems = int.MaxValue, string itemsName = PageTokens.ODataItems)
{
    private enum Phase
    {
        Start,
        Properties,
        PropertyValue,
        Items,
        SkippingItem,
        Done,
    }

    // Depth is a record's problem, not the page's: the reader only finds where a record ends (its depth is bounded by its
    // bytes, themselves capped), and the deserializer refuses one nested deeper than its 64 levels, which is then
    // skipped like any unreadable record. At the reader's default of 64 a deep record failed the whole page.
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = PageLimits.MaxRecordBytes };

    // Where the reader stands after an item of the "value" array: how it goes on after a record it did not read.
    private static readonly JsonReaderState AfterItem = StateAfterItem();

    private JsonReaderState _state = new(ReaderOptions);
    private Phase _phase = Phase.Start;
    private PageProperty _property;
    private bool _pendingComma;
    private bool _sawValue;
    private int _items;
    private RecordSkipper _skipper;

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
    /// <exception cref="MalformedPageException">The body is JSON but not an OData page.</exception>
    /// <exception cref="OversizedPageException">The page holds more than <c>maxItems</c> items, or a value outside them larger than a record may be.</exception>
    public int Parse(ReadOnlySpan<byte> data, bool isFinalBlock, List<ParsedItem<T>> items)
    {
        if (_phase == Phase.SkippingItem)
        {
            return SkipOn(data, isFinalBlock, items);
        }

        var consumed = ParseTokens(data, isFinalBlock, items);
        if (isFinalBlock || data.Length - consumed <= PageLimits.MaxRecordBytes)
        {
            return consumed;
        }

        // What is left is one value still arriving, already larger than a record may be: a record is read past unkept; any
        // other value (a name, a link, a property the page should not have) would have to be held whole to be read past.
        return _phase == Phase.Items
            ? consumed + StartSkipping(data[consumed..], items)
            : throw new OversizedPageException($"has a value outside its records larger than {PageLimits.MaxRecordBytes / (1024 * 1024)} MB (the cap on a record)");
    }

    private int ParseTokens(ReadOnlySpan<byte> data, bool isFinalBlock, List<ParsedItem<T>> items)
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
                return token + ParseTokens(data[token..], isFinalBlock, items);
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
            ? consumed + ParseTokens(data[consumed..], isFinalBlock, items)
            : consumed;
    }

    // The record starts after whitespace and its comma (which may be the one remembered): from there it is only scanned.
    private int StartSkipping(ReadOnlySpan<byte> data, List<ParsedItem<T>> items)
    {
        var start = data.IndexOfAnyExcept(Whitespace);
        if (start >= 0 && data[start] == (byte)',')
        {
            var next = data[(start + 1)..].IndexOfAnyExcept(Whitespace);
            start = next < 0 ? -1 : start + 1 + next;
        }

        if (start < 0)
        {
            return data.Length;
        }

        _pendingComma = false;
        _phase = Phase.SkippingItem;
        _skipper = default;
        return start + SkipOn(data[start..], isFinalBlock: false, items);
    }

    private int SkipOn(ReadOnlySpan<byte> data, bool isFinalBlock, List<ParsedItem<T>> items)
    {
        var end = _skipper.Scan(data);
        if (end < 0)
        {
            // The rest of the record has not come yet (or never will: the page then ends unfinished).
            return data.Length;
        }

        Add(items, ParsedItem<T>.Bad(TooLarge));
        _phase = Phase.Items;
        _state = AfterItem;
        return end + Parse(data[end..], isFinalBlock, items);
    }

    private static string TooLarge => $"the record is larger than {PageLimits.MaxRecordBytes / (1024 * 1024)} MB (the cap on a record); skipped unread";

    private static JsonReaderState StateAfterItem()
    {
        var reader = new Utf8JsonReader("{\"value\":[\"\""u8, isFinalBlock: false, new JsonReaderState(ReaderOptions));
        while (reader.Read())
        {
        }

        return reader.CurrentState;
    }

    private void Add(List<ParsedItem<T>> items, ParsedItem<T> item)
    {
        if (++_items > maxItems)
        {
            throw new OversizedPageException($"has more than {maxItems:N0} records, the cap on a page of this listing (a page that does not end is stopped, not read on)");
        }

        items.Add(item);
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
            var used = ParseTokens(joined.AsSpan(0, data.Length + 1), isFinalBlock, items);
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
                    _phase = _sawValue ? Phase.Done : throw new MalformedPageException($"the page has no \"{itemsName}\" array");
                    return true;
                }

                _property = PageTokens.PropertyOf(ref reader, itemsName);
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

        if (_property == PageProperty.Value)
        {
            _sawValue = reader.TokenType == JsonTokenType.StartArray
                ? true
                : throw new MalformedPageException($"the page's \"value\" is a JSON {reader.TokenType}, not an array");
            _phase = Phase.Items;
            return true;
        }

        if (_property == PageProperty.NextLink)
        {
            NextLink = reader.TokenType == JsonTokenType.String ? PageTokens.LinkOf(ref reader) : null;
            _phase = Phase.Properties;
            return true;
        }

        if (_property == PageProperty.Count)
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
        if (!PageTokens.SkipRecord(ref reader, data, out var longField))
        {
            reader = before;
            return false;
        }

        var slice = data[start..(int)reader.BytesConsumed];
        Add(items, slice.Length > PageLimits.MaxRecordBytes ? ParsedItem<T>.Bad(TooLarge)
            : longField is not null ? ParsedItem<T>.Bad($"its \"{longField}\" field is longer than {PageLimits.MaxFieldBytes / (1024 * 1024)} MB (the cap on a field); skipped unread")
            : Deserialize(slice));
        return true;
    }

    private ParsedItem<T> Deserialize(ReadOnlySpan<byte> record)
    {
        try
        {
            var item = JsonSerializer.Deserialize(record, itemType);
            return item is null ? ParsedItem<T>.Bad("the item is null") : ParsedItem<T>.Good(item);
        }
        catch (JsonException e)
        {
            // One unreadable record is skipped and counted; it never stops the page.
            return ParsedItem<T>.Bad(e.Message);
        }
    }
}
