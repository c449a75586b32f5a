using System.Text.Json;
using System.Text.Json.Serialization;
using Chariot.Capabilities.Defender.Api.Dtos;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// The open alerts of a checkpoint, grouped by risk: <c>{"#risk#host#name": [["alert id", last update in Unix seconds],
/// ...], ...}</c>. The checkpoint is written whole at every progress save, and a tenant keeps thousands of alerts open,
/// several per detection: as one object per alert, <c>{"id":...,"risk":...,"updated":"..."}</c>, they were 160 bytes each
/// and most of a 20,000-alert sync's progress saves; grouped, each risk key is written once and an alert takes about 50.
/// The update time only decides when an alert unchanged for months is forgotten, so whole seconds (rounded down) are
/// enough. Checkpoints saved in the earlier form, an array of those objects, are still read.
/// </summary>
internal sealed class OpenAlertsJson : JsonConverter<IReadOnlyList<OpenAlert>>
{
    // The Unix seconds of DateTimeOffset.MinValue and MaxValue: what a time can be.
    private const long EarliestSeconds = -62_135_596_800;
    private const long LatestSeconds = 253_402_300_799;

    public override IReadOnlyList<OpenAlert> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var alerts = new List<OpenAlert>();
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            // The earlier form: one object per alert.
            while (InPlaceLists.Next(ref reader, JsonTokenType.EndArray))
            {
                alerts.Add(JsonSerializer.Deserialize(ref reader, AlertJson.Default.OpenAlert) is { Id: not null, Risk: not null } alert
                    ? alert
                    : throw new JsonException("An open alert has no id or no risk."));
            }

            return alerts;
        }

        InPlaceLists.ExpectObject(ref reader, "the open alerts");
        while (InPlaceLists.Next(ref reader, JsonTokenType.EndObject))
        {
            var risk = reader.GetString()!;
            reader.Read();
            InPlaceLists.ExpectArray(ref reader);
            while (InPlaceLists.Next(ref reader, JsonTokenType.EndArray))
            {
                InPlaceLists.ExpectArray(ref reader);
                reader.Read();
                var id = reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("An open alert's id is not a string.");
                reader.Read();
                var updated = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var seconds) && seconds is >= EarliestSeconds and <= LatestSeconds
                    ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                    : throw new JsonException("An open alert's update time is not a time in Unix seconds.");
                if (InPlaceLists.Next(ref reader, JsonTokenType.EndArray))
                {
                    throw new JsonException("An open alert is its id and its update time, nothing more.");
                }

                alerts.Add(new OpenAlert(id, risk, updated));
            }
        }

        return alerts;
    }

    /// <summary>Writes the alerts grouped by risk: those of a risk are written together when they come together, as <see cref="DetectionStates.OpenAlerts"/> gives them.</summary>
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<OpenAlert> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        string? risk = null;
        for (var i = 0; i < value.Count; i++)
        {
            var alert = value[i];
            if (!string.Equals(alert.Risk, risk, StringComparison.Ordinal))
            {
                if (risk is not null)
                {
                    writer.WriteEndArray();
                }

                risk = alert.Risk;
                writer.WriteStartArray(risk);
            }

            writer.WriteStartArray();
            writer.WriteStringValue(alert.Id);
            writer.WriteNumberValue(alert.Updated.ToUnixTimeSeconds());
            writer.WriteEndArray();
        }

        if (risk is not null)
        {
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
