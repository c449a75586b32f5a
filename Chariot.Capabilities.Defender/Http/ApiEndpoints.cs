using Chariot.Capabilities.Defender.Api;

namespace Chariot.Capabilities.Defender.Http;

/// <summary>
/// One kind of call the plugin makes: the client-side budget it draws on (Microsoft's documented limits, by
/// <see cref="ApiBudgets"/>) and the summary stream its calls, retries and 429s count under.
/// </summary>
/// <param name="Budget">The budget's name; null for calls with no documented budget (export files).</param>
/// <param name="Stream">The summary stream.</param>
internal sealed record CallKind(string? Budget, string Stream);

/// <summary>
/// The endpoints the plugin calls, in one table: each request is tagged with its kind once, when it enters the client
/// (<see cref="EndpointTagHandler"/>), and the budget, the retry pipeline and the tally read the tag instead of each
/// working the endpoint out of the URL again.
/// </summary>
internal static class ApiEndpoints
{
    /// <summary>The request option holding a request's kind.</summary>
    public static readonly HttpRequestOptionsKey<CallKind> Key = new("chariot.defender.endpoint");

    public static readonly CallKind Alerts = new("graph-security", SyncTally.Alerts);
    public static readonly CallKind Machines = new("machines", SyncTally.Devices);

    // A machine's own CVEs, asked to confirm a fix: the calls count on the fix checks' row, beside the entries they return.
    public static readonly CallKind MachineVulnerabilities = new("machine-vulnerabilities", SyncTally.FixChecks);
    public static readonly CallKind VulnerabilitiesByMachine = new("vulnerabilities-by-machine", SyncTally.Vulnerabilities);
    public static readonly CallKind VulnerabilitiesExport = new("vulnerabilities-export", SyncTally.Vulnerabilities);
    public static readonly CallKind Catalogue = new("vulnerabilities", SyncTally.Definitions);
    public static readonly CallKind ExportFile = new(null, SyncTally.Vulnerabilities);

    // Any other Defender for Endpoint call (none today) counts under devices, with no documented budget.
    public static readonly CallKind OtherApi = new(null, SyncTally.Devices);

    /// <summary>The budgets, with Microsoft's documented limits: calls a minute and an hour, and which API's host.</summary>
    public static readonly (string Name, bool Graph, int PerMinute, int? PerHour)[] Budgets =
    [
        (Machines.Budget!, false, 100, 1500),
        (VulnerabilitiesByMachine.Budget!, false, 30, 1000),
        (VulnerabilitiesExport.Budget!, false, 5, 20),
        (Catalogue.Budget!, false, 50, 1500),
        (MachineVulnerabilities.Budget!, false, 50, 1500),
        (Alerts.Budget!, true, 150, null),
    ];

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
            _ when path.StartsWith("/v1.0/security", StringComparison.OrdinalIgnoreCase) => Alerts,
            _ when path.StartsWith(ApiRoutes.VulnerabilitiesExport, StringComparison.OrdinalIgnoreCase) => VulnerabilitiesExport,
            _ when path.StartsWith(ApiRoutes.VulnerabilitiesByMachine, StringComparison.OrdinalIgnoreCase)
                || path.StartsWith(ApiRoutes.VulnerabilityChanges, StringComparison.OrdinalIgnoreCase) => VulnerabilitiesByMachine,
            _ when path.StartsWith(ApiRoutes.Catalogue, StringComparison.OrdinalIgnoreCase) => Catalogue,
            _ when path.StartsWith(ApiRoutes.Machines + "/", StringComparison.OrdinalIgnoreCase)
                && path.EndsWith("/vulnerabilities", StringComparison.OrdinalIgnoreCase) => MachineVulnerabilities, // ApiRoutes.MachineVulnerabilities
            _ when path.StartsWith(ApiRoutes.Machines, StringComparison.OrdinalIgnoreCase) => Machines,
            _ when path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) => OtherApi,
            _ => ExportFile,
        };
    }
}

/// <summary>Tags each request with its <see cref="CallKind"/> as it enters the client, before the resilience pipeline.</summary>
internal sealed class EndpointTagHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(ApiEndpoints.Key, ApiEndpoints.Of(request));
        return base.SendAsync(request, cancellationToken);
    }
}
