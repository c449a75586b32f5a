using System.Text.Json;
using System.Text.Json.Serialization;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Json;

/// <summary>
/// Writes an attribute's key, <c>#attribute#{name}#{value}{parentKey}</c>, as one JSON string made of its parts, the same
/// text <see cref="ChariotModel.Key"/> gives. A value tabularium shortens (a key past 1,024 bytes) is written from the key.
/// </summary>
internal sealed class AttributeKeyConverter : JsonConverter<ChariotAttribute>
{
    public override ChariotAttribute Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("An attribute's key is worked out from its fields, never read.");

    public override void Write(Utf8JsonWriter writer, ChariotAttribute value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var parentKey = value.Parent.Key;
        if (!ModelKeys.AttributeKeepsValue(value.Name, value.Value, parentKey))
        {
            writer.WriteStringValue(value.Key);
            return;
        }

        writer.WriteStringValueSegment("#attribute#", isFinalSegment: false);
        writer.WriteStringValueSegment(value.Name, isFinalSegment: false);
        writer.WriteStringValueSegment("#", isFinalSegment: false);
        writer.WriteStringValueSegment(value.Value, isFinalSegment: false);
        writer.WriteStringValueSegment(parentKey, isFinalSegment: true);
    }
}
