using Chariot.Capabilities.Defender.Testing.Throttling;

namespace Chariot.Capabilities.Defender.Testing;

/// <summary>Everything that makes one fake tenant: who may sign in, which cloud, how much data, which clock.</summary>
public sealed class FakeDefenderTenantOptions
{
    /// <summary>The client id of the app registered by default.</summary>
    public const string DefaultClientId = "5f3b1c2a-7d4e-4b8f-9a61-2c0e8d7f6a15";

    /// <summary>The secret value of the app registered by default.</summary>
    public const string DefaultClientSecret = "fake~secret.value_0123456789abcdefghij";

    /// <summary>The directory (tenant) id. Defaults to the tenant id in Microsoft's documented alert example.</summary>
    public string TenantId { get; init; } = "b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c";

    /// <summary>A verified domain that may stand for the tenant id in the authority URL.</summary>
    public string TenantDomain { get; init; } = "contoso.onmicrosoft.com";

    /// <summary>Registered apps. Defaults to one app with every permission the integration needs.</summary>
    public IReadOnlyList<FakeApp> Apps { get; init; } = [new FakeApp(DefaultClientId, DefaultClientSecret, FakePermissions.All)];

    /// <summary>Which cloud's host names and token resources the tenant answers to.</summary>
    public FakeCloud Cloud { get; init; } = FakeCloud.Public;

    /// <summary>Seed of the data generator and of probabilistic faults.</summary>
    public int Seed { get; init; } = 20240611;

    /// <summary>How much data to generate; ignored by <see cref="FakeDefenderTenant.FromDocumentedExamples(FakeDefenderTenantOptions?)"/>.</summary>
    public FakeTenantSize Size { get; init; } = FakeTenantSize.Small;

    /// <summary>The clock: token expiry, rate-limit windows, SAS expiry and data timestamps all read it.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Access token lifetime, reported as <c>expires_in</c>.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromSeconds(3599);

    /// <summary>The documented per-app rate limits; switch off or override for big-tenant tests.</summary>
    public FakeRateLimits RateLimits { get; init; } = FakeRateLimits.Documented;

    /// <summary>How Graph alerts_v2 pages: page sizes, nextLinks, <c>$orderby</c>, <c>$count</c>.</summary>
    public GraphAlertsBehaviour GraphAlerts { get; init; } = GraphAlertsBehaviour.Documented;

    /// <summary>
    /// The most records a Defender for Endpoint listing page holds (machines, the CVE catalogue, vulnerabilities by
    /// machine and their changes), whatever <c>$top</c> or <c>pageSize</c> asks, as a service that clamps pages below
    /// its documented maximum does; the page still links to the next. Null: the documented page sizes.
    /// </summary>
    public int? DefenderPageLimit { get; init; }

    /// <summary>
    /// The most requests <see cref="FakeDefenderTenant.Requests"/> keeps, the oldest forgotten first: a tenant that serves
    /// for hours (the host's sandbox under <c>--every</c>) would otherwise hold every request it ever received. Null, the
    /// default: every request is kept, as tests asserting on traffic need.
    /// </summary>
    public int? RequestLogCapacity { get; init; }

    /// <summary>Rows in each export file of SoftwareVulnerabilitiesExport.</summary>
    public int ExportRowsPerFile { get; init; } = 100_000;

    /// <summary>
    /// Whether a generated tenant has devices as real tenants do (issue 13): some stale (last seen over 30 days ago),
    /// excluded, merged into another machine, taken for duplicates or only discovered, and alerts that span three devices.
    /// Off by default: most tests and the benchmarks count on every generated device being sent; the sandbox turns it on.
    /// </summary>
    public bool DeviceLifecycle { get; init; }

    /// <summary>
    /// The most rows an advanced hunting result holds; the rest is cut off without a word. Documented: 100,000. Lower it to
    /// model a service that cuts results shorter than its documentation says (as alerts_v2 clamps its pages).
    /// </summary>
    public int HuntingRowLimit { get; init; } = Hunting.HuntingEndpoint.DocumentedRowLimit;
}
