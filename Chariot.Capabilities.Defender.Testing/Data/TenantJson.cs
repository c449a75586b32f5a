using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Data;

/// <summary>How machines and CVEs are (de)serialized: camelCase, nulls left out, Microsoft's timestamp shape.</summary>
internal static class TenantJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new MicrosoftTimestampConverter() },
    };

    private sealed class MicrosoftTimestampConverter : JsonConverter<DateTimeOffset>
    {
        // Reads both "2018-08-02T14:55:03.7791856Z" and the export's "2020-12-30 14:17:26" (no zone: UTC).
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToMicrosoftTimestamp());
    }
}
