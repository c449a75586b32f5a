namespace Chariot.Capabilities.Defender.Testing;

/// <summary>How big a generated tenant is. Devices, vulnerability rows and the CVE catalogue are generated lazily
/// (row N is computed from the seed and N), so millions of rows cost no memory until they are streamed.</summary>
/// <param name="Devices">Machines in Defender for Endpoint.</param>
/// <param name="Alerts">Graph alerts_v2 alerts (these are held in memory: keep them in the tens of thousands).</param>
/// <param name="VulnerabilityRows">Rows of SoftwareVulnerabilitiesByMachine (device x software x CVE, plus inventory rows).</param>
/// <param name="CveCatalogue">Entries in <c>/api/vulnerabilities</c>.</param>
public sealed record FakeTenantSize(int Devices, int Alerts, long VulnerabilityRows, int CveCatalogue)
{
    /// <summary>A small tenant that still has every kind of awkward data: 25 devices, 40 alerts, 400 rows, 60 CVEs.</summary>
    public static FakeTenantSize Small { get; } = new(25, 40, 400, 60);
}
