namespace Chariot.Capabilities.Defender.Testing.Data;

/// <summary>An entry of the <c>/api/vulnerabilities</c> catalogue. Null properties are left out of the JSON.</summary>
public sealed record FakeCve
{
    /// <summary>CVE id.</summary>
    public required string Id { get; init; }

    /// <summary>Name (the CVE id again, as Microsoft sends it).</summary>
    public required string Name { get; init; }

    /// <summary>Description.</summary>
    public string? Description { get; init; }

    /// <summary>Severity (Low, Medium, High, Critical).</summary>
    public required string Severity { get; init; }

    /// <summary>CVSS v3 score.</summary>
    public double? CvssV3 { get; init; }

    /// <summary>CVSS vector.</summary>
    public string? CvssVector { get; init; }

    /// <summary>Number of exposed machines.</summary>
    public int ExposedMachines { get; init; }

    /// <summary>Publication date.</summary>
    public DateTimeOffset? PublishedOn { get; init; }

    /// <summary>Last update date.</summary>
    public DateTimeOffset? UpdatedOn { get; init; }

    /// <summary>First detection in the tenant.</summary>
    public DateTimeOffset? FirstDetected { get; init; }

    /// <summary>Whether a public exploit exists.</summary>
    public bool PublicExploit { get; init; }

    /// <summary>Whether the exploit is verified.</summary>
    public bool ExploitVerified { get; init; }

    /// <summary>Whether the exploit is part of a kit.</summary>
    public bool ExploitInKit { get; init; }

    /// <summary>Exploit types.</summary>
    public IReadOnlyList<string> ExploitTypes { get; init; } = [];

    /// <summary>Exploit links.</summary>
    public IReadOnlyList<string> ExploitUris { get; init; } = [];

    /// <summary>Supportability.</summary>
    public string? CveSupportability { get; init; }

    /// <summary>Tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>EPSS score.</summary>
    public double? Epss { get; init; }
}
