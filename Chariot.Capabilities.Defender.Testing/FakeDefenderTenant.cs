using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Export;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Testing.Graph;
using Chariot.Capabilities.Defender.Testing.Hosting;
using Chariot.Capabilities.Defender.Testing.Hunting;
using Chariot.Capabilities.Defender.Testing.Identity;
using Chariot.Capabilities.Defender.Testing.Machines;
using Chariot.Capabilities.Defender.Testing.Recording;
using Chariot.Capabilities.Defender.Testing.Routing;
using Chariot.Capabilities.Defender.Testing.Software;
using Chariot.Capabilities.Defender.Testing.Throttling;
using Chariot.Capabilities.Defender.Testing.Vulnerabilities;

namespace Chariot.Capabilities.Defender.Testing;

/// <summary>
/// A stand-in for one Microsoft tenant: Entra ID's token endpoint, Graph alerts_v2 and the Defender for Endpoint
/// API, with their paging, limits and error bodies. Serve it in process with <see cref="CreateHandler"/>, or over
/// HTTPS with <see cref="FakeDefenderServer"/>. Safe for concurrent requests.
/// </summary>
public sealed partial class FakeDefenderTenant
{
    private readonly TenantData _data;
    private readonly TokenStore _tokens = new();
    private readonly TenantRouter _router;

    /// <summary>Creates a generated tenant (deterministic from <see cref="FakeDefenderTenantOptions.Seed"/> and the clock's start).</summary>
    public FakeDefenderTenant(FakeDefenderTenantOptions? options = null)
        : this(options ?? new FakeDefenderTenantOptions(), GeneratedTenant.Create)
    {
    }

    private FakeDefenderTenant(FakeDefenderTenantOptions options, Func<FakeDefenderTenantOptions, TenantData> createData)
    {
        Options = options;
        Requests = new RequestLog(options.RequestLogCapacity);
        Faults = new FaultPlan(options.Seed);
        _data = createData(options);
        var signer = new SasSigner();
        var export = new ExportEndpoint(_data, signer, options.TenantId, options.ExportRowsPerFile, ExportEndpoint.Vulnerabilities);
        var softwareExport = new ExportEndpoint(_data, signer, options.TenantId, options.ExportRowsPerFile, ExportEndpoint.Software);
        var software = new SoftwareInventoryEndpoint(_data, options.DefenderPageLimit);
        var endpoints = new EndpointTable(
            options,
            new TokenEndpoint(options, _tokens),
            new AlertsEndpoint(_data, options.GraphAlerts),
            new MachinesEndpoint(_data, options.DefenderPageLimit),
            new CatalogueEndpoint(_data, options.DefenderPageLimit),
            new ByMachineEndpoint(_data, options.DefenderPageLimit),
            new ChangesEndpoint(_data, options.DefenderPageLimit),
            export,
            new BlobEndpoint(_data, signer, export, softwareExport, software),
            software,
            softwareExport,
            new HuntingEndpoint(_data, options.HuntingRowLimit));
        _router = new TenantRouter(this, endpoints, new ApiAuthorization(_tokens, options.Cloud), new RateLimiter(options.RateLimits, options.TimeProvider));
    }

    /// <summary>
    /// A tenant made of Microsoft's documented example bodies as this package embeds them: one alert with device,
    /// file, process and registry evidence, one machine, one CVE, five inventory rows.
    /// </summary>
    public static FakeDefenderTenant FromDocumentedExamples(FakeDefenderTenantOptions? options = null)
    {
        options ??= new FakeDefenderTenantOptions();
        return new FakeDefenderTenant(options, o => DocumentedTenant.Load(DocumentedTenant.ReadEmbedded, o.TimeProvider.GetUtcNow()));
    }

    /// <summary>The same, read from a folder of documented bodies (e.g. <c>shared/reference/payloads</c>).</summary>
    public static FakeDefenderTenant FromDocumentedExamplesDirectory(string directory, FakeDefenderTenantOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new FakeDefenderTenantOptions();
        return new FakeDefenderTenant(options, o => DocumentedTenant.Load(DocumentedTenant.FromDirectory(directory), o.TimeProvider.GetUtcNow()));
    }

    /// <summary>The options the tenant was built with.</summary>
    public FakeDefenderTenantOptions Options { get; }

    /// <summary>The tenant clock.</summary>
    public TimeProvider TimeProvider => Options.TimeProvider;

    /// <summary>Every request received (or the latest <see cref="FakeDefenderTenantOptions.RequestLogCapacity"/>), for assertions on traffic.</summary>
    public RequestLog Requests { get; }

    /// <summary>Faults to inject, per endpoint.</summary>
    public FaultPlan Faults { get; }

    /// <summary>
    /// An in-process handler that answers for the cloud's hosts (authority, Graph, Defender and its alternates,
    /// blob). Any other host fails as if it did not resolve, so nothing leaks to the network.
    /// </summary>
    public HttpMessageHandler CreateHandler() => new FakeDefenderHandler(this, RoleAddresses.ForCloud(Options.Cloud));

    /// <summary>Revokes one access token before it expires; APIs answer 401 to it from now on.</summary>
    public bool RevokeToken(string accessToken) => _tokens.Revoke(accessToken);

    /// <summary>Revokes every token issued so far.</summary>
    public int RevokeAllTokens() => _tokens.RevokeAll();

    internal FakeResponse Handle(FakeRequest request) => _router.Handle(request);
}
