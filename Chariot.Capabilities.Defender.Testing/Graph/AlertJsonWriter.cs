using System.Text.Json;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Graph;

/// <summary>Writes a stored alert: its documented body as it is, with the changeable fields taken from the typed alert.</summary>
internal static class AlertJsonWriter
{
    public static void Write(Utf8JsonWriter writer, StoredAlert stored)
    {
        var alert = stored.Alert;
        writer.WriteStartObject();
        foreach (var (name, node) in stored.Document)
        {
            switch (name)
            {
                case "id": writer.WriteString(name, alert.Id); break;
                case "title": writer.WriteString(name, alert.Title); break;
                case "severity": writer.WriteString(name, alert.Severity); break;
                case "status": writer.WriteString(name, alert.Status); break;
                case "serviceSource": writer.WriteString(name, alert.ServiceSource); break;
                case "classification": writer.WriteStringOrNull(JsonEncodedText.Encode(name), alert.Classification); break;
                case "determination": writer.WriteStringOrNull(JsonEncodedText.Encode(name), alert.Determination); break;
                case "assignedTo": writer.WriteStringOrNull(JsonEncodedText.Encode(name), alert.AssignedTo); break;
                case "createdDateTime": writer.WriteString(name, OriginalOr(node, alert.CreatedDateTime)); break;
                case "lastUpdateDateTime": writer.WriteString(name, OriginalOr(node, alert.LastUpdateDateTime)); break;
                default:
                    writer.WritePropertyName(name);
                    if (node is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        node.WriteTo(writer);
                    }

                    break;
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Keeps the document's own spelling of an unchanged time (Graph's digits), else Microsoft's shape.</summary>
    private static string OriginalOr(System.Text.Json.Nodes.JsonNode? node, DateTimeOffset value) =>
        node?.GetValue<string>() is { } original && DateTimeOffset.TryParse(original, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed == value
            ? original
            : value.ToMicrosoftTimestamp();
}
