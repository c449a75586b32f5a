using System.Text.Json;
using System.Text.Json.Serialization;
using Chariot.Capabilities.Defender.Api.Dtos;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// The open alerts of a checkpoint, grouped by risk, by fingerprint (<see cref="AlertPrint"/>, 22 characters each):
/// <c>{"risk print": [["alert id print", last update in Unix seconds], ...], ...}</c>. The checkpoint is written whole
/// at every progress save, and a tenant keeps thousands of alerts open, several per detection: grouped, each risk is
/// written once. The update time only decides when an alert unchanged for months is forgotten, so whole seconds
/// (rounded down) are enough.
/// </summary>
/// <remarks>
/// Checkpoints saved in the earlier forms are read, their texts fingerprinted as read: the same grouping with the risk
/// key and the alert id as text (a group's name is then a risk key, which starts with '#', as no fingerprint does), and
/// before it an array of <c>{"id":...,"risk":...,"updated":"..."}</c> objects.
/// </remarks>
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
            // The earliest form: one object per alert.
            while (InPlaceLists.Next(ref reader, JsonTokenType.EndArray))
            {
                alerts.Add(JsonSerializer.Deserialize(ref reader, AlertJson.Default.OpenAlertText) is { Id: not null, Risk: not null } alert
                    ? OpenAlert.Of(alert.Id, alert.Risk, alert.Updated)
                    : throw new JsonException("An open alert has no id or no risk."));
            }

            return alerts;
        }

        InPlaceLists.ExpectObject(ref reader, "the open alerts");
        while (InPlaceLists.Next(ref reader, JsonTokenType.EndObject))
        {
            var name = reader.GetString()!;
            var asText = name.StartsWith('#');
            var risk = asText ? AlertPrint.Of(name) : Print(name, "risk");
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

                alerts.Add(new OpenAlert(asText ? AlertPrint.Of(id) : Print(id, "alert id"), risk, updated));
            }
        }

        return alerts;
    }

    private static UInt128 Print(string text, string what) =>
        AlertPrint.TryParse(text, out var print) ? print : throw new JsonException($"An open alert's {what} is not a fingerprint.");

    /// <summary>Writes the alerts grouped by risk: those of a risk are written together when they come together, as <see cref="DetectionStates.OpenAlerts"/> gives them.</summary>
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<OpenAlert> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        UInt128? risk = null;
        Span<char> text = stackalloc char[AlertPrint.TextLength];
        for (var i = 0; i < value.Count; i++)
        {
            var alert = value[i];
            if (alert.Risk != risk)
            {
                if (risk is not null)
                {
                    writer.WriteEndArray();
                }

                risk = alert.Risk;
                writer.WriteStartArray(AlertPrint.Write(alert.Risk, text));
            }

            writer.WriteStartArray();
            writer.WriteStringValue(AlertPrint.Write(alert.Id, text));
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

/// <summary>An open alert as the earliest checkpoints saved it: its id and risk key as text.</summary>
internal sealed record OpenAlertText(string? Id, string? Risk, DateTimeOffset Updated);
