namespace Chariot.Capabilities.Defender.Api;

/// <summary>
/// The paths the plugin calls, written once: the Refit routes use them, and <see cref="Http.ApiEndpoints"/> tells a
/// request's kind of call by them.
/// </summary>
internal static class ApiRoutes
{
    public const string Alerts = "/v1.0/security/alerts_v2";
    public const string HuntingQuery = "/v1.0/security/runHuntingQuery";
    public const string Machines = "/api/machines";
    public const string VulnerabilitiesByMachine = "/api/machines/SoftwareVulnerabilitiesByMachine";
    public const string VulnerabilityChanges = "/api/machines/SoftwareVulnerabilityChangesByMachine";
    public const string MachineVulnerabilities = "/api/machines/{id}/vulnerabilities";
    public const string VulnerabilitiesExport = "/api/machines/SoftwareVulnerabilitiesExport";
    public const string Catalogue = "/api/vulnerabilities";
    public const string SoftwareInventory = "/api/machines/SoftwareInventoryByMachine";
    public const string SoftwareInventoryExport = "/api/machines/SoftwareInventoryExport";
}
