using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Configuration;

namespace Chariot.Capabilities.Defender.Http;

/// <summary>
/// The endpoints the plugin calls, in one table (paths in <see cref="ApiRoutes"/>; each kind's budget, summary stream and,
/// for a listing, its page size): each request is tagged with its kind once, when it enters the client
/// (<see cref="EndpointTagHandler"/>), and the budget, the retry pipeline and the tally read the tag instead of each
/// working the endpoint out of the URL again.
/// </summary>
internal static class ApiEndpoints
{
    /// <summary>The request option holding a request's kind.</summary>
    public static readonly HttpRequestOptionsKey<CallKind> Key = new("chariot.defender.endpoint");

    public static readonly ListingKind Alerts = new(new("graph-security", Graph: true, 150, null), SyncTally.Alerts, SyncTuning.AlertsPageSize);
    public static readonly ListingKind Machines = new(new("machines", Graph: false, 100, 1500), SyncTally.Devices, SyncTuning.MachinesPageSize);

    // A machine's own CVEs, asked to confirm a fix: the calls count on the fix checks' row, beside the entries they return.
    public static readonly CallKind MachineVulnerabilities = new(new("machine-vulnerabilities", Graph: false, 50, 1500), SyncTally.FixChecks);
    public static readonly ListingKind VulnerabilitiesByMachine = new(new("vulnerabilities-by-machine", Graph: false, 30, 1000), SyncTally.Vulnerabilities, SyncTuning.ByMachinePageSize);
    public static readonly CallKind VulnerabilitiesExport = new(new("vulnerabilities-export", Graph: false, 5, 20), SyncTally.Vulnerabilities);
    public static readonly ListingKind Catalogue = new(new("vulnerabilities", Graph: false, 50, 1500), SyncTally.Definitions, SyncTuning.CataloguePageSize);
    public static readonly CallKind ExportFile = new(null, SyncTally.Vulnerabilities);

    // A software inventory export's file: its links name the export's folder (documented example: .../SoftwareInventory/json/...).
    public static readonly CallKind SoftwareExportFile = new(null, SyncTally.Software);
    public static readonly ListingKind SoftwareInventory = new(new("software-inventory", Graph: false, 30, 1000), SyncTally.Software, SyncTuning.ByMachinePageSize);
    public static readonly CallKind SoftwareExport = new(new("software-export", Graph: false, 5, 20), SyncTally.Software);

    // Advanced hunting has its own documented budget ("at least 45 calls a minute per tenant"), beside alerts' 150.
    public static readonly ListingKind Hunting = new(new("graph-hunting", Graph: true, 45, null), SyncTally.InternetFacing, SyncTuning.HuntingPageSize);

    // Any other Defender for Endpoint call (none today) counts under devices, with no documented budget.
    public static readonly CallKind OtherApi = new(null, SyncTally.Devices);

    /// <summary>Every documented budget, one per kind of call that has one.</summary>
    public static readonly DocumentedBudget[] Budgets =
        [.. new[] { Machines, VulnerabilitiesByMachine, VulnerabilitiesExport, Catalogue, MachineVulnerabilities, Alerts, SoftwareInventory, SoftwareExport, Hunting }.Select(k => k.Budget).OfType<DocumentedBudget>()];

    /// <summary>The request's kind: its tag, else (a request that did not come through a tagging client) its URL's.</summary>
    public static CallKind Of(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(Key, out var kind)
            ? kind
            : Of(request.RequestUri ?? throw new InvalidOperationException("A request has no URI."));
    }

    /// <summary>The kind of call a URL is: the one place the plugin tells endpoints apart by their paths.</summary>
    public static CallKind Of(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var path = uri.AbsolutePath;
        return path switch
        {
            _ when path.StartsWith(ApiRoutes.HuntingQuery, StringComparison.OrdinalIgnoreCase) => Hunting,
            _ when path.StartsWith("/v1.0/security", StringComparison.OrdinalIgnoreCase) => Alerts,
            _ when path.StartsWith(ApiRoutes.VulnerabilitiesExport, StringComparison.OrdinalIgnoreCase) => VulnerabilitiesExport,
            _ when path.StartsWith(ApiRoutes.VulnerabilitiesByMachine, StringComparison.OrdinalIgnoreCase)
                || path.StartsWith(ApiRoutes.VulnerabilityChanges, StringComparison.OrdinalIgnoreCase) => VulnerabilitiesByMachine,
            _ when path.StartsWith(ApiRoutes.Catalogue, StringComparison.OrdinalIgnoreCase) => Catalogue,
            _ when path.StartsWith(ApiRoutes.SoftwareInventory, StringComparison.OrdinalIgnoreCase) => SoftwareInventory,
            _ when path.StartsWith(ApiRoutes.SoftwareInventoryExport, StringComparison.OrdinalIgnoreCase) => SoftwareExport,
            _ when path.StartsWith(ApiRoutes.Machines + "/", StringComparison.OrdinalIgnoreCase)
                && path.EndsWith("/vulnerabilities", StringComparison.OrdinalIgnoreCase) => MachineVulnerabilities, // ApiRoutes.MachineVulnerabilities
            _ when path.StartsWith(ApiRoutes.Machines, StringComparison.OrdinalIgnoreCase) => Machines,
            _ when path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) => OtherApi,
            _ when path.Contains("/SoftwareInventory/", StringComparison.OrdinalIgnoreCase) => SoftwareExportFile,
            _ => ExportFile,
        };
    }
}
