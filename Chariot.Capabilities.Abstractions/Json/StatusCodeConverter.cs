using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chariot.Capabilities.Json;

/// <summary>Writes a status as its code string and reads it back, failing with the status' own message.</summary>
/// <typeparam name="TStatus">The status type.</typeparam>
public sealed class StatusCodeConverter<TStatus> : JsonConverter<TStatus>
    where TStatus : IStatusCode<TStatus>
{
    /// <inheritdoc />
    public override TStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A {typeof(TStatus).Name} is a JSON string code, not {reader.TokenType}.");
        }

        try
        {
            return TStatus.Parse(reader.GetString()!);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TStatus value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Code);
    }
}
