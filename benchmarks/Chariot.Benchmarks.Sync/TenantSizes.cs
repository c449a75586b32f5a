using Chariot.Capabilities.Defender.Testing;

namespace Chariot.Benchmarks.Sync;

/// <summary>The tenants the benchmark measures against.</summary>
internal static class TenantSizes
{
    /// <summary>An enterprise tenant: 100,000 devices, 1,000,000 vulnerability rows, 20,000 alerts.</summary>
    public static FakeTenantSize Large { get; } = new(Devices: 100_000, Alerts: 20_000, VulnerabilityRows: 1_000_000, CveCatalogue: 8_000);

    /// <summary>Ten times smaller.</summary>
    public static FakeTenantSize Small { get; } = new(Devices: 10_000, Alerts: 2_000, VulnerabilityRows: 100_000, CveCatalogue: 800);

    /// <summary>For alerts alone: 1,000 devices and the large tenant's alerts.</summary>
    public static FakeTenantSize AlertsOf(FakeTenantSize size) => new(Devices: 1_000, Alerts: size.Alerts, VulnerabilityRows: 0, CveCatalogue: 0);
}
