using Refit;

namespace Chariot.Capabilities.Defender.Api;

/// <summary>
/// The Microsoft Defender for Endpoint API. Permissions: application Machine.Read.All (machines) and
/// Vulnerability.Read.All (vulnerabilities) on WindowsDefenderATP.
/// </summary>
internal interface IDefenderApi
{
    /// <summary>Machines; <c>$top</c> up to 10,000. Answers 404 when the tenant has none.</summary>
    [Get(ApiRoutes.Machines)]
    Task<HttpResponseMessage> ListMachinesAsync([AliasAs("$filter")] string? filter, [AliasAs("$top")] int? top, CancellationToken cancellationToken);

    /// <summary>Each device's software (with a CPE in Defender's catalogue), one row per version; <c>pageSize</c> up to 200,000.</summary>
    [Get(ApiRoutes.SoftwareInventory)]
    Task<HttpResponseMessage> SoftwareInventoryAsync(int? pageSize, CancellationToken cancellationToken);

    /// <summary>Each device's software as gzip JSON-lines files (SAS links valid <c>sasValidHours</c>, at most 6), for large tenants.</summary>
    [Get(ApiRoutes.SoftwareInventoryExport)]
    Task<HttpResponseMessage> SoftwareInventoryExportAsync(int? sasValidHours, CancellationToken cancellationToken);

    /// <summary>Every device x software x CVE row, for tenants under 100,000 devices; <c>pageSize</c> up to 200,000.</summary>
    [Get(ApiRoutes.VulnerabilitiesByMachine)]
    Task<HttpResponseMessage> VulnerabilitiesByMachineAsync(int? pageSize, CancellationToken cancellationToken);

    /// <summary>The rows that became New, Fixed or Updated since <paramref name="sinceTime"/> (at most 14 days back).</summary>
    [Get(ApiRoutes.VulnerabilityChanges)]
    Task<HttpResponseMessage> VulnerabilityChangesAsync(string sinceTime, int? pageSize, CancellationToken cancellationToken);

    /// <summary>The CVEs one machine has now (50 calls a minute).</summary>
    [Get(ApiRoutes.MachineVulnerabilities)]
    Task<HttpResponseMessage> MachineVulnerabilitiesAsync(string id, CancellationToken cancellationToken);

    /// <summary>The same rows as gzip JSON-lines files, for large tenants: returns the file URLs.</summary>
    [Get(ApiRoutes.VulnerabilitiesExport)]
    Task<HttpResponseMessage> VulnerabilitiesExportAsync(int? sasValidHours, CancellationToken cancellationToken);

    /// <summary>The CVE catalogue; <c>$top</c> up to 8,000.</summary>
    [Get(ApiRoutes.Catalogue)]
    Task<HttpResponseMessage> ListVulnerabilitiesAsync([AliasAs("$top")] int? top, CancellationToken cancellationToken);

    /// <summary>A following page, by its <c>@odata.nextLink</c>, verbatim.</summary>
    [Get("")]
    Task<HttpResponseMessage> NextPageAsync([Url] Uri nextLink, CancellationToken cancellationToken);
}
