namespace Chariot.Capabilities.Defender.Testing.Throttling;

/// <summary>The rate limit of each endpoint. Big-tenant tests switch them off; throttling tests lower them.</summary>
public sealed record FakeRateLimits
{
    /// <summary>The limits Microsoft documents (Graph security 150/min, hunting 45/min; MDE per endpoint, per app + tenant).</summary>
    public static FakeRateLimits Documented { get; } = new()
    {
        Limits = new Dictionary<FakeEndpoint, FakeRateLimit>
        {
            [FakeEndpoint.GraphAlerts] = new(150, null),
            [FakeEndpoint.Machines] = new(100, 1500),
            [FakeEndpoint.MachineById] = new(100, 1500),
            [FakeEndpoint.MachinesFindByIp] = new(100, 1500),
            [FakeEndpoint.Vulnerabilities] = new(50, 1500),
            [FakeEndpoint.SoftwareVulnerabilitiesByMachine] = new(30, 1000),
            [FakeEndpoint.SoftwareVulnerabilityChangesByMachine] = new(30, 1000),
            [FakeEndpoint.SoftwareVulnerabilitiesExport] = new(5, 20),
            [FakeEndpoint.MachineVulnerabilities] = new(50, 1500),
            [FakeEndpoint.SoftwareInventoryByMachine] = new(30, 1000),
            [FakeEndpoint.GraphHunting] = new(45, null),
            [FakeEndpoint.SoftwareInventoryExport] = new(5, 20),
        },
    };

    /// <summary>No limits at all.</summary>
    public static FakeRateLimits Off { get; } = new() { Enabled = false };

    /// <summary>False turns every limit off.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The limit of each endpoint; an endpoint not listed is not limited.</summary>
    public IReadOnlyDictionary<FakeEndpoint, FakeRateLimit> Limits { get; init; } = new Dictionary<FakeEndpoint, FakeRateLimit>();

    /// <summary>A copy with one endpoint's limit replaced.</summary>
    public FakeRateLimits With(FakeEndpoint endpoint, FakeRateLimit limit)
    {
        var limits = new Dictionary<FakeEndpoint, FakeRateLimit>(Limits) { [endpoint] = limit };
        return this with { Limits = limits };
    }
}
