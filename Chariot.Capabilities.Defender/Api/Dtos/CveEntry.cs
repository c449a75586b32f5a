namespace Chariot.Capabilities.Defender.Api.Dtos;

/// <summary>One CVE of the catalogue (<c>/api/vulnerabilities</c>).</summary>
internal sealed record CveEntry
{
    /// <summary>The CVE id.</summary>
    public string? Id { get; set; }

    /// <summary>The description.</summary>
    public string? Description { get; set; }

    /// <summary>Low, Medium, High, Critical.</summary>
    public string? Severity { get; set; }

    /// <summary>The CVSS v3 score.</summary>
    public double? CvssV3 { get; set; }

    /// <summary>The CVSS vector.</summary>
    public string? CvssVector { get; set; }

    /// <summary>How many machines are exposed.</summary>
    public long? ExposedMachines { get; set; }

    /// <summary>When published.</summary>
    public DateTimeOffset? PublishedOn { get; set; }

    /// <summary>Whether an exploit is public.</summary>
    public bool? PublicExploit { get; set; }

    /// <summary>Whether an exploit is verified.</summary>
    public bool? ExploitVerified { get; set; }

    /// <summary>Whether an exploit is in a kit.</summary>
    public bool? ExploitInKit { get; set; }

    /// <summary>Exploit kinds.</summary>
    public IReadOnlyList<string>? ExploitTypes { get; set; }

    /// <summary>Exploit references.</summary>
    public IReadOnlyList<string>? ExploitUris { get; set; }

    /// <summary>The EPSS probability.</summary>
    public double? Epss { get; set; }
}
