using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Paging;

namespace Chariot.Capabilities.Defender.Sync;

/// <summary>The API clients of one job, and the paged listings the syncs read.</summary>
internal sealed class DefenderClients(IGraphSecurityApi graph, IDefenderApi defender, IExportFileApi files, DefenderSettings settings)
{
    // The most records a page of each listing may hold: the API's largest page, with room for a service giving more.
    private const int MaxMachinesPage = PageLimits.PageSizeTolerance * SyncTuning.MachinesPageSize;
    private const int MaxAlertsPage = PageLimits.PageSizeTolerance * SyncTuning.AlertsPageSize;
    private const int MaxRowsPage = PageLimits.PageSizeTolerance * SyncTuning.ByMachinePageSize;
    private const int MaxCataloguePage = PageLimits.PageSizeTolerance * SyncTuning.CataloguePageSize;

    public IGraphSecurityApi Graph => graph;

    public IDefenderApi Defender => defender;

    public IExportFileApi Files => files;

    public DefenderSettings Settings => settings;

    public ApiEndpoint AlertsEndpoint => new("alerts", "SecurityAlert.Read.All", "Microsoft Graph", settings.GraphEndpoint);

    public ApiEndpoint MachinesEndpoint => new("machines", "Machine.Read.All", "WindowsDefenderATP", settings.DefenderEndpoint);

    public ApiEndpoint VulnerabilitiesEndpoint => new("vulnerabilities", "Vulnerability.Read.All", "WindowsDefenderATP", settings.DefenderEndpoint);

    public PagedCall Machines(string? filter, int? top) =>
        new(MachinesEndpoint, ct => defender.ListMachinesAsync(filter, top, ct), defender.NextPageAsync)
        {
            NotFoundIsEmpty = true,
            MaxPageItems = MaxMachinesPage,
        };

    /// <summary>
    /// One alerts_v2 query, <c>$top</c> and <c>$count</c> always sent; an <paramref name="orderBy"/> the service refuses
    /// (400) surfaces as <see cref="RefusedQueryException"/>, so the caller can ask without it.
    /// </summary>
    public PagedCall Alerts(string? filter, string? orderBy, int top, long skip) =>
        new(AlertsEndpoint, ct => graph.ListAlertsAsync(filter, orderBy, top, skip == 0 ? null : skip, "true", ct), graph.NextPageAsync)
        {
            BadRequestIsRefusal = orderBy is not null,

            // Whatever $top asked (1 for a count): a service that ignores it must not fail the listing.
            MaxPageItems = MaxAlertsPage,
        };

    public PagedCall VulnerabilitiesByMachine() =>
        new(VulnerabilitiesEndpoint, ct => defender.VulnerabilitiesByMachineAsync(SyncTuning.ByMachinePageSize, ct), defender.NextPageAsync)
        {
            MaxPageItems = MaxRowsPage,
        };

    public PagedCall VulnerabilityChanges(DateTimeOffset since) =>
        new(VulnerabilitiesEndpoint, ct => defender.VulnerabilityChangesAsync(
            since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), SyncTuning.ByMachinePageSize, ct), defender.NextPageAsync)
        {
            MaxPageItems = MaxRowsPage,
        };

    // A 404 is reported to the caller, which decides whether the machine is gone. A machine's CVEs are some of its rows.
    public PagedCall MachineVulnerabilities(string deviceId, Action notFound) =>
        new(VulnerabilitiesEndpoint, ct => defender.MachineVulnerabilitiesAsync(deviceId, ct), defender.NextPageAsync)
        {
            NotFoundIsEmpty = true,
            NotFound = notFound,
            MaxPageItems = MaxRowsPage,
        };

    public PagedCall CveCatalogue() =>
        new(VulnerabilitiesEndpoint, ct => defender.ListVulnerabilitiesAsync(SyncTuning.CataloguePageSize, ct), defender.NextPageAsync)
        {
            MaxPageItems = MaxCataloguePage,
        };
}
