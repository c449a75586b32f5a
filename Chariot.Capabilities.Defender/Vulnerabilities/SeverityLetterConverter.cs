using System.Text.Json;
using System.Text.Json.Serialization;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Vulnerabilities;

/// <summary>A severity saved as its letter (<c>"H"</c>), as checkpoints always kept it; a letter this code does not know reads as informational.</summary>
internal sealed class SeverityLetterConverter : JsonConverter<Severity>
{
    public override Severity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.GetString() is [var letter] ? Severities.FromLetter(letter) ?? Severity.Info
        : throw new JsonException("A severity is saved as one letter: I, L, M, H or C.");

    public override void Write(Utf8JsonWriter writer, Severity value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> letter = [value.Letter()];
        writer.WriteStringValue(letter);
    }
}
