using Chariot.Capabilities;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Hosting;
using Chariot.Capabilities.Models;
using Chariot.Host.Sample.Plugins;

namespace Chariot.Host.Sample.Sandbox;

/// <summary>
/// <c>run --sandbox</c>, the one place in the host that knows about Defender: the fake Defender tenant served over
/// real HTTPS on loopback, and the job a user would write for it, pointed at it with the fake app's credentials.
/// The plugin is then loaded and run exactly as for a real job.
/// </summary>
internal sealed class SandboxTenant : IAsyncDisposable
{
    /// <summary>The id of the plugin the sandbox runs.</summary>
    public const string PluginId = "chariot.capabilities.defender";

    /// <summary>
    /// The most requests the fake tenant remembers: it serves for as long as <c>--every</c> runs, and a log of every
    /// request would grow with every run.
    /// </summary>
    public const int RequestLogCapacity = 1_000;

    private readonly FakeDefenderServer _server;

    private SandboxTenant(FakeDefenderServer server, FakeDefenderTenant tenant, Job job)
    {
        _server = server;
        Requests = tenant.Requests;
        Job = job;
        HttpHandlers = new SandboxHttpHandlerSource(server);
    }

    /// <summary>The sample job, pointed at the fake tenant.</summary>
    public Job Job { get; }

    /// <summary>Handlers that trust only the fake server's certificate.</summary>
    public IHttpHandlerSource HttpHandlers { get; }

    /// <summary>What the fake tenant remembers of the requests it served (the latest <see cref="RequestLogCapacity"/>).</summary>
    internal Capabilities.Defender.Testing.Recording.RequestLog Requests { get; }

    /// <summary>Why the sandbox cannot run with <paramref name="catalog"/>, or null when the Defender plugin is installed.</summary>
    public static string? MissingPlugin(PluginCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Latest().Any(p => p.Id == PluginId)
            ? null
            : $"The sandbox runs the Defender plugin, which is not installed in '{catalog.PluginsDirectory}'. " +
              "Build the host (dotnet build Chariot.Host.Sample publishes the plugin there), " +
              "or install its package: plugins install Chariot.Capabilities.Defender.<version>.nupkg.";
    }

    /// <summary>
    /// How much the sandbox tenant holds: 2,500 alerts (about 30 days of them) make three pages of alerts_v2, which the
    /// sandbox serves without nextLinks.
    /// </summary>
    public static FakeTenantSize Size { get; } = new(Devices: 250, Alerts: 2_500, VulnerabilityRows: 6_000, CveCatalogue: 400);

    /// <summary>Starts the fake tenant on loopback.</summary>
    public static async Task<SandboxTenant> StartAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var tenant = new FakeDefenderTenant(new FakeDefenderTenantOptions
        {
            TimeProvider = time,
            Size = Size,

            // The hard case seen in the field: alerts_v2 clamps pages at 1,000 and never gives a nextLink.
            GraphAlerts = GraphAlertsBehaviour.NoNextLink,
            RequestLogCapacity = RequestLogCapacity,

            // Devices as real tenants have them (stale, excluded, merged, duplicates, discovered) and alerts spanning
            // several devices: the summary shows what the sync leaves out, and why.
            DeviceLifecycle = true,
        });
        var server = new FakeDefenderServer(tenant);
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        var settings = PluginSettings.For(server, tenant.Options, tenant.Options.Apps[0]);
        var job = new Job
        {
            Username = "sandbox@chariot.local",
            Source = PluginSettings.PluginId,
            Config = new Dictionary<string, string>(settings.Config, StringComparer.Ordinal)
            {
                // What a newcomer should see: each device's software as technologies, software past its support, and the
                // devices reachable from the internet with their public address and port.
                [PluginSettings.ImportSoftware] = "true",
                [PluginSettings.ImportInternetFacing] = "true",
            },
            Secret = new JobSecret(new Dictionary<string, string>(settings.Secret, StringComparer.Ordinal)),
            Target = new Integration(PluginSettings.PluginId, tenant.Options.TenantDomain),
        };
        return new SandboxTenant(server, tenant, job);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
