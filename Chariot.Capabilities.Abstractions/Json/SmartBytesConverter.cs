using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using System.Text.Json.Serialization;

namespace Chariot.Capabilities.Json;

/// <summary>
/// Tabularium's <c>SmartBytes</c>: bytes travel as a plain JSON string when they are valid UTF-8 with no control character
/// other than tab, CR and LF (and no DEL); otherwise as <c>base64:</c> followed by standard base64.
/// </summary>
public sealed class SmartBytesConverter : JsonConverter<ReadOnlyMemory<byte>>
{
    private const string Prefix = "base64:";

    /// <inheritdoc />
    public override ReadOnlyMemory<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? "";
        if (text.Length > Prefix.Length && text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            try
            {
                return Convert.FromBase64String(text[Prefix.Length..]);
            }
            catch (FormatException e)
            {
                throw new JsonException("File bytes start with 'base64:' but the rest is not valid base64.", e);
            }
        }

        return Encoding.UTF8.GetBytes(text);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ReadOnlyMemory<byte> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var bytes = value.Span;
        if (IsPlainText(bytes))
        {
            // Valid UTF-8: written from the bytes, with the same escaping as from a string.
            writer.WriteStringValue(bytes);
        }
        else
        {
            writer.WriteStringValue(Prefix + Convert.ToBase64String(bytes));
        }
    }

    private static bool IsPlainText(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if ((b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r') || b == 0x7F)
            {
                return false;
            }
        }

        return Utf8.IsValid(bytes);
    }
}
