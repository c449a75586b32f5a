using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Http;
using Chariot.Capabilities.Defender.Paging;

namespace Chariot.Capabilities.Defender.Sync;

/// <summary>The API clients of one job, and the paged listings the syncs read.</summary>
internal sealed class DefenderClients(IGraphSecurityApi graph, IDefenderApi defender, IExportFileApi files, DefenderSettings settings)
{
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
            MaxPageItems = ApiEndpoints.Machines.MaxPageItems,
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
            MaxPageItems = ApiEndpoints.Alerts.MaxPageItems,
        };

    public ApiEndpoint SoftwareEndpoint => new("software", "Software.Read.All", "WindowsDefenderATP", settings.DefenderEndpoint);

    /// <summary>The vulnerability export (its rows read for what mapping needs, <see cref="DefenderJson.ListedVulnerabilityRow"/>).</summary>
    public Vulnerabilities.ExportSource<VulnerabilityRow> VulnerabilityExport =>
        new("vulnerability", VulnerabilitiesEndpoint, defender.VulnerabilitiesExportAsync, DefenderJson.ListedVulnerabilityRow);

    /// <summary>The software inventory export, for tenants too large to list by machine.</summary>
    public Vulnerabilities.ExportSource<SoftwareRow> SoftwareExport =>
        new("software inventory", SoftwareEndpoint, defender.SoftwareInventoryExportAsync, DefenderJson.Default.SoftwareRow);

    public PagedCall SoftwareInventory() =>
        new(SoftwareEndpoint, ct => defender.SoftwareInventoryAsync(ApiEndpoints.SoftwareInventory.PageSize, ct), defender.NextPageAsync)
        {
            MaxPageItems = ApiEndpoints.SoftwareInventory.MaxPageItems,
        };

    public ApiEndpoint HuntingEndpoint => new("internet-facing devices", "ThreatHunting.Read.All", "Microsoft Graph", settings.GraphEndpoint);

    /// <summary>
    /// One page of internet-facing devices (<see cref="Exposure.InternetFacingQuery"/>): those after <paramref name="afterDevice"/>.
    /// A result is one page (it has no nextLink), its rows in <c>results</c>.
    /// </summary>
    public PagedCall InternetFacing(string? afterDevice) =>
        Hunting(Exposure.InternetFacingQuery.Page(afterDevice, ApiEndpoints.Hunting.PageSize));

    /// <summary>One advanced hunting query over the hunting window, its rows read as a page's items.</summary>
    public PagedCall Hunting(string query) =>
        new(HuntingEndpoint, ct => graph.RunHuntingQueryAsync(Exposure.InternetFacingQuery.Body(query, SyncTuning.HuntingWindow), ct), graph.NextPageAsync)
        {
            ItemsName = "results",
            MaxPageItems = ApiEndpoints.Hunting.MaxPageItems,
        };

    public PagedCall VulnerabilitiesByMachine() =>
        new(VulnerabilitiesEndpoint, ct => defender.VulnerabilitiesByMachineAsync(ApiEndpoints.VulnerabilitiesByMachine.PageSize, ct), defender.NextPageAsync)
        {
            MaxPageItems = ApiEndpoints.VulnerabilitiesByMachine.MaxPageItems,
        };

    public PagedCall VulnerabilityChanges(DateTimeOffset since) =>
        new(VulnerabilitiesEndpoint, ct => defender.VulnerabilityChangesAsync(
            since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), ApiEndpoints.VulnerabilitiesByMachine.PageSize, ct), defender.NextPageAsync)
        {
            MaxPageItems = ApiEndpoints.VulnerabilitiesByMachine.MaxPageItems,
        };

    // A 404 is reported to the caller, which decides whether the machine is gone. A machine's CVEs are some of its rows.
    public PagedCall MachineVulnerabilities(string deviceId, Action notFound) =>
        new(VulnerabilitiesEndpoint, ct => defender.MachineVulnerabilitiesAsync(deviceId, ct), defender.NextPageAsync)
        {
            NotFoundIsEmpty = true,
            NotFound = notFound,
            MaxPageItems = ApiEndpoints.VulnerabilitiesByMachine.MaxPageItems,
        };

    public PagedCall CveCatalogue() =>
        new(VulnerabilitiesEndpoint, ct => defender.ListVulnerabilitiesAsync(ApiEndpoints.Catalogue.PageSize, ct), defender.NextPageAsync)
        {
            MaxPageItems = ApiEndpoints.Catalogue.MaxPageItems,
        };
}
