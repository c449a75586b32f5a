using System.Text.Json.Serialization;

namespace Chariot.Capabilities.Defender.Api.Dtos;

/// <summary>
/// A Graph security alert (alerts_v2), with only the fields the sync reads: the parser skips the others without
/// making strings of them (recommended actions alone are a fifth of a typical alert). Enum-like fields stay strings:
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

    /// <summary>The evidence.</summary>
    [JsonConverter(typeof(AlertEvidenceConverter))]
    public IReadOnlyList<GraphEvidence>? Evidence { get; set; }
}

/// <summary>
/// One evidence item. Evidence is polymorphic on <c>@odata.type</c>; the fields of the kinds this integration reads are
/// flattened here, and a kind it does not know is kept by its type name only.
/// </summary>
internal sealed record GraphEvidence
{
    /// <summary>The evidence kind, such as <c>#microsoft.graph.security.deviceEvidence</c>.</summary>
    [JsonPropertyName("@odata.type")]
    [JsonConverter(typeof(PooledStringConverter))]
    public string? ODataType { get; set; }

    /// <summary>Device evidence: the host name.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? DeviceDnsName { get; set; }

    /// <summary>Device evidence: the Defender for Endpoint machine id.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? MdeDeviceId { get; set; }

    /// <summary>Device evidence: the addresses.</summary>
    public IReadOnlyList<string>? IpInterfaces { get; set; }

    /// <summary>IP evidence: the address.</summary>
    public string? IpAddress { get; set; }

    /// <summary>URL evidence: the URL.</summary>
    public string? Url { get; set; }

    /// <summary>Process evidence: the command line.</summary>
    public string? ProcessCommandLine { get; set; }

    /// <summary>File evidence: the file.</summary>
    public GraphFileDetails? FileDetails { get; set; }

    /// <summary>User evidence: the account.</summary>
    public GraphUserAccount? UserAccount { get; set; }

    /// <summary>The verdict.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? Verdict { get; set; }

    /// <summary>Whether this is device evidence.</summary>
    public bool IsDevice => ODataType?.EndsWith("deviceEvidence", StringComparison.OrdinalIgnoreCase) == true;
}

/// <summary>File evidence details.</summary>
internal sealed record GraphFileDetails
{
    /// <summary>The file name.</summary>
    public string? FileName { get; set; }

    /// <summary>The folder.</summary>
    public string? FilePath { get; set; }

    /// <summary>The SHA-256.</summary>
    public string? Sha256 { get; set; }
}

/// <summary>User evidence account.</summary>
internal sealed record GraphUserAccount
{
    /// <summary>The account name.</summary>
    public string? AccountName { get; set; }

    /// <summary>The domain.</summary>
    public string? DomainName { get; set; }
}
