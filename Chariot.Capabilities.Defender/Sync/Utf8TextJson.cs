using System.Text.Json;
using System.Text.Json.Serialization;
using Chariot.Capabilities.Defender.Api.Dtos;

namespace Chariot.Capabilities.Defender.Sync;

/// <summary>
/// UTF-8 text kept as bytes (a proof made as UTF-8 is never turned into a string) and saved as a JSON string, as a
/// string property would be: not base64, which is how System.Text.Json writes bytes.
/// </summary>
internal sealed class Utf8TextJson : JsonConverter<ReadOnlyMemory<byte>>
{
    public override ReadOnlyMemory<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var room = InPlaceLists.Utf8Room(ref reader);
        if (room < 0)
        {
            return ReadOnlyMemory<byte>.Empty; // as an absent one
        }

        var text = new byte[room];
        return text.AsMemory(0, reader.CopyString(text));
    }

    public override void Write(Utf8JsonWriter writer, ReadOnlyMemory<byte> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Span);
    }
}
