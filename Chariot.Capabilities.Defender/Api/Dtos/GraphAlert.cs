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
    public string? Id { get; init; }

    /// <summary>The incident id.</summary>
    public string? IncidentId { get; init; }

    /// <summary>The title.</summary>
    public string? Title { get; init; }

    /// <summary>The description.</summary>
    public string? Description { get; init; }

    /// <summary>informational, low, medium, high, unknown, or a future value.</summary>
    public string? Severity { get; init; }

    /// <summary>new, inProgress, resolved, unknown, or a future value.</summary>
    public string? Status { get; init; }

    /// <summary>falsePositive, truePositive, informationalExpectedActivity, unknown...</summary>
    public string? Classification { get; init; }

    /// <summary>The Defender product that raised it.</summary>
    public string? ServiceSource { get; init; }

    /// <summary>The detection technology.</summary>
    public string? DetectionSource { get; init; }

    /// <summary>The category (MITRE tactic).</summary>
    public string? Category { get; init; }

    /// <summary>The alert in the Defender portal.</summary>
    public string? AlertWebUrl { get; init; }

    /// <summary>The incident in the Defender portal.</summary>
    public string? IncidentWebUrl { get; init; }

    /// <summary>MITRE ATT&amp;CK techniques.</summary>
    public IReadOnlyList<string>? MitreTechniques { get; init; }

    /// <summary>When created.</summary>
    public DateTimeOffset? CreatedDateTime { get; init; }

    /// <summary>When last updated: the incremental sync's watermark.</summary>
    public DateTimeOffset? LastUpdateDateTime { get; init; }

    /// <summary>The evidence.</summary>
    public IReadOnlyList<GraphEvidence>? Evidence { get; init; }
}

/// <summary>
/// One evidence item. Evidence is polymorphic on <c>@odata.type</c>; the fields of the kinds this integration reads are
/// flattened here, and a kind it does not know is kept by its type name only.
/// </summary>
internal sealed record GraphEvidence
{
    /// <summary>The evidence kind, such as <c>#microsoft.graph.security.deviceEvidence</c>.</summary>
    [JsonPropertyName("@odata.type")]
    public string? ODataType { get; init; }

    /// <summary>Device evidence: the host name.</summary>
    public string? DeviceDnsName { get; init; }

    /// <summary>Device evidence: the Defender for Endpoint machine id.</summary>
    public string? MdeDeviceId { get; init; }

    /// <summary>Device evidence: the addresses.</summary>
    public IReadOnlyList<string>? IpInterfaces { get; init; }

    /// <summary>IP evidence: the address.</summary>
    public string? IpAddress { get; init; }

    /// <summary>URL evidence: the URL.</summary>
    public string? Url { get; init; }

    /// <summary>Process evidence: the command line.</summary>
    public string? ProcessCommandLine { get; init; }

    /// <summary>File evidence: the file.</summary>
    public GraphFileDetails? FileDetails { get; init; }

    /// <summary>User evidence: the account.</summary>
    public GraphUserAccount? UserAccount { get; init; }

    /// <summary>The verdict.</summary>
    public string? Verdict { get; init; }

    /// <summary>Whether this is device evidence.</summary>
    public bool IsDevice => ODataType?.EndsWith("deviceEvidence", StringComparison.OrdinalIgnoreCase) == true;
}

/// <summary>File evidence details.</summary>
internal sealed record GraphFileDetails
{
    /// <summary>The file name.</summary>
    public string? FileName { get; init; }

    /// <summary>The folder.</summary>
    public string? FilePath { get; init; }

    /// <summary>The SHA-256.</summary>
    public string? Sha256 { get; init; }
}

/// <summary>User evidence account.</summary>
internal sealed record GraphUserAccount
{
    /// <summary>The account name.</summary>
    public string? AccountName { get; init; }

    /// <summary>The domain.</summary>
    public string? DomainName { get; init; }
}
