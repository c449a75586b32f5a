using System.Net;
using Chariot.Capabilities.Defender.Alerts;
using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Authentication;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Devices;
using Chariot.Capabilities.Defender.Http;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Defender.Sync;
using Chariot.Capabilities.Defender.Vulnerabilities;
using Chariot.Capabilities.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Chariot.Capabilities.Defender;

/// <summary>
/// The Defender capability for one job. Invoke checks the credentials (with no call a listing makes anyway), then syncs
/// devices (assets, and the device identity the other streams use), vulnerabilities and alerts (risks), each streamed
/// page by page.
/// </summary>
internal sealed class DefenderCapability : ICapability
{
    private readonly JobContext _context;
    private readonly IServiceProvider _services;

    /// <summary>Binds the capability to a job and the job's services.</summary>
    public DefenderCapability(CapabilityMetadata metadata, JobContext context, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(services);
        Metadata = metadata;
        _context = context;
        _services = services;
        services.GetRequiredService<SyncTally>().Attach(context.Summary);
    }

    /// <inheritdoc />
    public string Name => DefenderPlugin.Name;

    /// <inheritdoc />
    public bool Integration => true;

    /// <inheritdoc />
    public CapabilityMetadata Metadata { get; }

    /// <inheritdoc />
    public MatchResult Match()
    {
        if (_context.Job.Integration is not { } integration || !integration.IsClass(Name))
        {
            return MatchResult.NotThisCapability($"the job's target is not a '{Name}' integration");
        }

        return Get<JobSettings>().Result;
    }

    /// <inheritdoc />
    public Task ValidateCredentialsAsync(CancellationToken cancellationToken)
    {
        EnsureMatched();
        var settings = Get<DefenderSettings>();
        return CheckAccessAsync(alerts: true, machines: true, cancellationToken, software: settings.ImportSoftware, hunting: settings.ImportInternetFacing);
    }

    /// <inheritdoc />
    public async Task InvokeAsync(CancellationToken cancellationToken)
    {
        EnsureMatched();
        var settings = Get<DefenderSettings>();

        // Both tokens, and one alert when alerts are imported, before anything is sent: a missing permission fails the job
        // before any device is written. The machine listing's first page is the Defender API's own check (it comes first).
        await CheckAccessAsync(alerts: settings.ImportAlerts, machines: false, cancellationToken, software: settings.ImportSoftware, hunting: settings.ImportInternetFacing);
        using var devices = new DeviceDirectory();
        if (settings.ImportAssets || settings.ImportVulnerabilities || settings.ImportAlerts || settings.ImportSoftware || settings.ImportInternetFacing)
        {
            // Read for the assets, or only for the device identity the other streams need.
            await Get<DeviceSync>().RunAsync(_context, devices, settings.ImportAssets, cancellationToken);
        }

        if (settings.ImportVulnerabilities)
        {
            await Get<VulnerabilitySync>().RunAsync(_context, devices, cancellationToken);
        }

        if (settings.ImportSoftware)
        {
            await Get<Software.SoftwareSync>().RunAsync(_context, devices, cancellationToken);
        }

        if (settings.ImportInternetFacing)
        {
            await Get<Exposure.InternetFacingSync>().RunAsync(_context, devices, cancellationToken);
        }

        if (settings.ImportAlerts)
        {
            await Get<AlertSync>().RunAsync(_context, devices, cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task<bool> CheckAffiliationAsync(Asset asset, CancellationToken cancellationToken)
    {
        EnsureMatched();
        return new AffiliationCheck(Get<DefenderClients>(), Get<ODataPager>()).IsKnownAsync(asset, cancellationToken);
    }

    // Tokens for both APIs, then one record of each API asked for: the smallest calls that prove the permissions.
    private async Task CheckAccessAsync(bool alerts, bool machines, CancellationToken cancellationToken, bool software = false, bool hunting = false)
    {
        var tokens = Get<AccessTokens>();
        await tokens.GetTokenAsync(ApiResource.Graph, forceRefresh: false, cancellationToken);
        await tokens.GetTokenAsync(ApiResource.Defender, forceRefresh: false, cancellationToken);

        var clients = Get<DefenderClients>();
        if (alerts)
        {
            using var page = await clients.Graph.ListAlertsAsync(null, null, 1, null, null, cancellationToken);
            await ApiFailures.EnsureSuccessAsync(page, clients.AlertsEndpoint, cancellationToken);
        }

        if (machines)
        {
            using var page = await clients.Defender.ListMachinesAsync(null, 1, cancellationToken);
            if (page.StatusCode != HttpStatusCode.NotFound)
            {
                await ApiFailures.EnsureSuccessAsync(page, clients.MachinesEndpoint, cancellationToken);
            }
        }

        if (software)
        {
            // Validating with software on also proves Software.Read.All: one row asked for.
            using var page = await clients.Defender.SoftwareInventoryAsync(1, cancellationToken);
            await ApiFailures.EnsureSuccessAsync(page, clients.SoftwareEndpoint, cancellationToken);
        }

        if (hunting)
        {
            // With internet-facing devices on, ThreatHunting.Read.All: the smallest query, over the last day.
            using var page = await clients.Graph.RunHuntingQueryAsync(Exposure.InternetFacingQuery.Body(Exposure.InternetFacingQuery.Probe, TimeSpan.FromDays(1)), cancellationToken);
            await ApiFailures.EnsureSuccessAsync(page, clients.HuntingEndpoint, cancellationToken);
        }
    }

    private void EnsureMatched()
    {
        var match = Match();
        if (!match.IsMatch)
        {
            throw new CapabilityException(CapabilityFailure.Configuration, match.Key is null ? $"This job is not for {Name}: {match.Problem}." : $"'{match.Key}' {match.Problem}");
        }
    }

    private T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();
}
