namespace Chariot.Capabilities.Defender.Api.Dtos;

/// <summary>One CVE of the catalogue (<c>/api/vulnerabilities</c>).</summary>
internal sealed record CveEntry
{
    /// <summary>The CVE id.</summary>
    public string? Id { get; init; }

    /// <summary>The description.</summary>
    public string? Description { get; init; }

    /// <summary>Low, Medium, High, Critical.</summary>
    public string? Severity { get; init; }

    /// <summary>The CVSS v3 score.</summary>
    public double? CvssV3 { get; init; }

    /// <summary>The CVSS vector.</summary>
    public string? CvssVector { get; init; }

    /// <summary>How many machines are exposed.</summary>
    public long? ExposedMachines { get; init; }

    /// <summary>When published.</summary>
    public DateTimeOffset? PublishedOn { get; init; }

    /// <summary>Whether an exploit is public.</summary>
    public bool? PublicExploit { get; init; }

    /// <summary>Whether an exploit is verified.</summary>
    public bool? ExploitVerified { get; init; }

    /// <summary>Whether an exploit is in a kit.</summary>
    public bool? ExploitInKit { get; init; }

    /// <summary>Exploit kinds.</summary>
    public IReadOnlyList<string>? ExploitTypes { get; init; }

    /// <summary>Exploit references.</summary>
    public IReadOnlyList<string>? ExploitUris { get; init; }

    /// <summary>The EPSS probability.</summary>
    public double? Epss { get; init; }
}
