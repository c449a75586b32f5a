using System.Text.Json;
using Chariot.Capabilities.Defender.Api.Dtos;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// Where the alert sync stands: the newest <c>lastUpdateDateTime</c> sent, and the ids of the alerts sent AT that time.
/// The next sync asks for <c>ge</c> that time and skips those ids, so alerts sharing a timestamp are neither lost
/// (as with a strict <c>gt</c>) nor sent twice.
/// </summary>
/// <param name="Time">The newest update time sent.</param>
/// <param name="Ids">The ids of the alerts updated at exactly that time.</param>
public sealed record AlertCheckpoint(DateTimeOffset Time, IReadOnlyList<string> Ids)
{
    /// <summary>The checkpoint's stream name.</summary>
    public const string Stream = "alerts";

    /// <summary>Whether this alert was already sent by the sync that saved the checkpoint.</summary>
    public bool AlreadySent(string id, DateTimeOffset updated) => updated == Time && Ids.Contains(id, StringComparer.Ordinal);

    /// <summary>Serialized for the checkpoint store.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, DefenderJson.Default.AlertCheckpoint);

    /// <summary>Reads a saved checkpoint; null when there is none or it cannot be read (then the sync starts over).</summary>
    public static AlertCheckpoint? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, DefenderJson.Default.AlertCheckpoint);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
