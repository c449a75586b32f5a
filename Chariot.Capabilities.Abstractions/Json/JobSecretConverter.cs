using System.Text.Json;
using System.Text.Json.Serialization;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Json;

/// <summary>
/// Reads <c>job.secret</c> (a string map). Writing is the second line of defence: <see cref="Job.Secret"/> is never
/// serialized, and should a secret be serialized anyway, only its keys appear, with masked values.
/// </summary>
public sealed class JobSecretConverter : JsonConverter<JobSecret>
{
    /// <inheritdoc />
    public override JobSecret Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return JobSecret.Empty;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The job secret is a JSON object of string values, such as {\"client_secret\": \"...\"}.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                // Say which key, never what value.
                throw new JsonException($"The job secret '{key}' must be a JSON string.");
            }

            values[key] = reader.GetString()!;
        }

        return new JobSecret(values);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, JobSecret value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var (key, masked) in value)
        {
            writer.WriteString(key, masked);
        }

        writer.WriteEndObject();
    }
}
