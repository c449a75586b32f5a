using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chariot.Capabilities.Defender.Sync;

/// <summary>
/// UTF-8 text kept as bytes (a proof made as UTF-8 is never turned into a string) and saved as a JSON string, as a
/// string property would be: not base64, which is how System.Text.Json writes bytes.
/// </summary>
internal sealed class Utf8TextJson : JsonConverter<ReadOnlyMemory<byte>>
{
    public override ReadOnlyMemory<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ReadOnlyMemory<byte>.Empty; // as an absent one
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a JSON string, found {reader.TokenType}.");
        }

        // The raw value is at least as long as the unescaped one.
        var text = new byte[reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length];
        return text.AsMemory(0, reader.CopyString(text));
    }

    public override void Write(Utf8JsonWriter writer, ReadOnlyMemory<byte> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Span);
    }
}
