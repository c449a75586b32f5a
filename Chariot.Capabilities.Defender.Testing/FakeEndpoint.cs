namespace Chariot.Capabilities.Defender.Testing;

/// <summary>Each endpoint the fake serves: the unit for faults, rate limits and the request log.</summary>
public enum FakeEndpoint
{
    /// <summary>Not an endpoint of the fake (unknown path or host).</summary>
    Unknown = 0,

    /// <summary><c>POST /{tenant}/oauth2/v2.0/token</c>.</summary>
    Token,

    /// <summary><c>GET /{tenant}/v2.0/.well-known/openid-configuration</c> (MSAL reads it for a custom authority).</summary>
    OpenIdConfiguration,

    /// <summary><c>GET /common/discovery/instance</c> (MSAL instance discovery).</summary>
    InstanceDiscovery,

    /// <summary>Graph <c>GET /v1.0/security/alerts_v2</c>.</summary>
    GraphAlerts,

    /// <summary>Defender <c>GET /api/machines</c>.</summary>
    Machines,

    /// <summary>Defender <c>GET /api/machines/{id}</c>.</summary>
    MachineById,

    /// <summary>Defender <c>GET /api/machines/findbyip(ip='...',timestamp=...)</c>.</summary>
    MachinesFindByIp,

    /// <summary>Defender <c>GET /api/vulnerabilities</c>.</summary>
    Vulnerabilities,

    /// <summary>Defender <c>GET /api/machines/SoftwareVulnerabilitiesByMachine</c>.</summary>
    SoftwareVulnerabilitiesByMachine,

    /// <summary>Defender <c>GET /api/machines/SoftwareVulnerabilitiesExport</c>.</summary>
    SoftwareVulnerabilitiesExport,

    /// <summary>Defender <c>GET /api/machines/SoftwareVulnerabilityChangesByMachine</c>.</summary>
    SoftwareVulnerabilityChangesByMachine,

    /// <summary>A download of one export file from the blob host.</summary>
    ExportBlob,

    /// <summary>Defender <c>GET /api/machines/{id}/vulnerabilities</c>: the CVEs one machine has now.</summary>
    MachineVulnerabilities,

    /// <summary>Defender <c>GET /api/machines/SoftwareInventoryByMachine</c>: each device's software (with a CPE in Defender's catalogue).</summary>
    SoftwareInventoryByMachine,

    /// <summary>Graph <c>POST /v1.0/security/runHuntingQuery</c>: advanced hunting (the <c>DeviceInfo</c> table).</summary>
    GraphHunting,

    /// <summary>Defender <c>GET /api/machines/SoftwareInventoryExport</c>: each device's software as export files.</summary>
    SoftwareInventoryExport,
}
