using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Chariot.Benchmarks.Sync.Reference;

/// <summary>
/// The plain client's page reader: one pass over <c>{"value":[...],"@odata.nextLink":...}</c> with a growing buffer
/// and <see cref="Utf8JsonReader"/>, each item deserialized from its own bytes. Written for the benchmark alone: it
/// shares nothing with the plugin.
/// </summary>
internal static class PageReader
{
    public static async Task<string?> ReadAsync<T>(Stream body, JsonTypeInfo<T> type, Action<T> each, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        var state = default(JsonReaderState);
        int filled = 0, depth = 0;
        var inValue = false;
        string? property = null, nextLink = null;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                filled += read;
                var consumed = Parse(buffer.AsSpan(0, filled), read == 0, ref state, ref depth, ref inValue, ref property, ref nextLink, type, each);
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                if (read == 0)
                {
                    return nextLink;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Parse<T>(ReadOnlySpan<byte> data, bool final, ref JsonReaderState state, ref int depth, ref bool inValue, ref string? property, ref string? nextLink, JsonTypeInfo<T> type, Action<T> each)
    {
        var reader = new Utf8JsonReader(data, final, state);
        var consumed = 0;
        while (true)
        {
            var before = reader;
            if (!reader.Read())
            {
                break;
            }

            if (inValue && depth == 2 && reader.TokenType is JsonTokenType.StartObject)
            {
                var start = (int)reader.TokenStartIndex;
                if (!reader.TrySkip())
                {
                    reader = before;
                    break;
                }

                each(JsonSerializer.Deserialize(data[start..(int)reader.BytesConsumed], type)!);
            }
            else
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        depth++;
                        inValue = depth == 2 && property == "value";
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        depth--;
                        inValue = false;
                        break;
                    case JsonTokenType.PropertyName when depth == 1:
                        property = reader.GetString();
                        break;
                    case JsonTokenType.String when depth == 1 && property == "@odata.nextLink":
                        nextLink = reader.GetString();
                        break;
                }
            }

            consumed = (int)reader.BytesConsumed;
            state = reader.CurrentState;
        }

        return consumed;
    }
}
