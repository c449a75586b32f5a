using System.Text.Json.Serialization;

namespace Chariot.Capabilities.Defender.Api.Dtos;

/// <summary>
/// A Graph security alert (alerts_v2), with only the fields the sync reads: the parser skips the others without
/// making strings of them. Long texts that repeat from alert to alert (description, recommended actions) are pooled. Enum-like fields stay strings:
/// unknown members must never fail a sync.
/// </summary>
internal sealed record GraphAlert
{
    /// <summary>The alert id.</summary>
    public string? Id { get; set; }

    /// <summary>The incident id.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? IncidentId { get; set; }

    /// <summary>The title.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? Title { get; set; }

    /// <summary>The description.</summary>
    [JsonConverter(typeof(PooledTextConverter))]
    public string? Description { get; set; }

    /// <summary>What Microsoft recommends doing (for the detection's definition file; the same text for a title, pooled).</summary>
    [JsonConverter(typeof(PooledTextConverter))]
    public string? RecommendedActions { get; set; }

    /// <summary>informational, low, medium, high, unknown, or a future value.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? Severity { get; set; }

    /// <summary>new, inProgress, resolved, unknown, or a future value.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? Status { get; set; }

    /// <summary>falsePositive, truePositive, informationalExpectedActivity, unknown...</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? Classification { get; set; }

    /// <summary>The Defender product that raised it.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? ServiceSource { get; set; }

    /// <summary>The detection technology.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? DetectionSource { get; set; }

    /// <summary>The category (MITRE tactic).</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? Category { get; set; }

    /// <summary>The alert in the Defender portal.</summary>
    public string? AlertWebUrl { get; set; }

    /// <summary>The incident in the Defender portal.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? IncidentWebUrl { get; set; }

    /// <summary>MITRE ATT&amp;CK techniques.</summary>
    [JsonConverter(typeof(StringListConverter))]
    public IReadOnlyList<string>? MitreTechniques { get; set; }

    /// <summary>When created.</summary>
    public DateTimeOffset? CreatedDateTime { get; set; }

    /// <summary>When last updated: the incremental sync's watermark.</summary>
    public DateTimeOffset? LastUpdateDateTime { get; set; }

    /// <summary>The evidence, as mapping uses it: the device it names first and the proof's summary lines.</summary>
    [JsonConverter(typeof(AlertEvidenceConverter))]
    public AlertEvidence? Evidence { get; set; }
}
