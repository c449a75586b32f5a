namespace Chariot.Capabilities.Defender.Configuration;

/// <summary>The job's configuration and secret keys: a contract other tools depend on, spelled exactly.</summary>
internal static class DefenderKeys
{
    /// <summary>Secret: the directory (tenant) id, a GUID or a verified domain.</summary>
    public const string TenantId = "tenant_id";

    /// <summary>Secret: the application (client) id, a GUID.</summary>
    public const string ClientId = "client_id";

    /// <summary>Secret: the client secret VALUE.</summary>
    public const string ClientSecret = "client_secret";

    /// <summary>Secret: a base64 PFX holding the certificate and its private key.</summary>
    public const string ClientCertificate = "client_certificate";

    /// <summary>Secret: the PFX password.</summary>
    public const string ClientCertificatePassword = "client_certificate_password";

    /// <summary>Config: <c>public</c> (default), <c>gcc</c>, <c>gcc-high</c> or <c>dod</c>.</summary>
    public const string Cloud = "cloud";

    /// <summary>Config: the identity host, https scheme + host (+ port).</summary>
    public const string AuthorityHost = "authority_host";

    /// <summary>Config: the Microsoft Graph host, https scheme + host (+ port).</summary>
    public const string GraphEndpoint = "graph_endpoint";

    /// <summary>Config: the Defender for Endpoint API host, https scheme + host (+ port).</summary>
    public const string DefenderEndpoint = "defender_endpoint";

    /// <summary>Config: the token scope for Graph.</summary>
    public const string GraphScope = "graph_scope";

    /// <summary>Config: the token scope for the Defender for Endpoint API.</summary>
    public const string DefenderScope = "defender_scope";

    /// <summary>Config: alert severities to import, comma-separated (default all).</summary>
    public const string AlertSeverity = "alert_severity";

    /// <summary>Config: alert statuses to import, comma-separated (default all).</summary>
    public const string AlertStatus = "alert_status";

    /// <summary>Config: how many days of alert changes the first sync reads (default 30; 0 = everything the tenant keeps).</summary>
    public const string AlertLookbackDays = "alert_lookback_days";

    /// <summary>Config: the most alerts one sync sends.</summary>
    public const string MaxAlerts = "max_alerts";

    /// <summary>Config: whether alerts become risks (default true).</summary>
    public const string ImportAlerts = "import_alerts";

    /// <summary>Config: whether devices become assets (default true); Chariot's runner switch.</summary>
    public const string ImportAssets = "importAssets";

    /// <summary>Config: whether vulnerabilities become risks (default true); Chariot's runner switch.</summary>
    public const string ImportVulnerabilities = "importVulnerabilities";

    /// <summary>Config: devices not seen for this many days are left out, with their risks (default 30; 0 = keep every device).</summary>
    public const string StaleDays = "stale_days";

    /// <summary>Config: whether devices excluded in Defender, or merged into another, are still sent (default false).</summary>
    public const string IncludeExcluded = "include_excluded";

    /// <summary>Config: machine tags, comma-separated: only devices with any of them are sent (default all devices).</summary>
    public const string DeviceTags = "device_tags";

    /// <summary>Config: device groups, comma-separated RBAC group ids or names (default all devices).</summary>
    public const string DeviceGroups = "device_groups";

    /// <summary>Config: OS platforms, comma-separated, such as Windows11, Linux (default all devices).</summary>
    public const string DevicePlatforms = "device_platforms";

    /// <summary>Config: onboarding statuses, comma-separated: Onboarded, CanBeOnboarded, Unsupported, InsufficientInfo (default all).</summary>
    public const string OnboardingStatus = "onboarding_status";

    /// <summary>Config: alert service sources, comma-separated Graph values such as microsoftDefenderForEndpoint (default all).</summary>
    public const string AlertServiceSources = "alert_service_sources";

    /// <summary>Config: whether each device's software becomes technologies, and software past its end of support risks (default false).</summary>
    public const string ImportSoftware = "import_software";

    /// <summary>Config: whether devices Defender saw reachable from the internet bring their public address and port (default false).</summary>
    public const string ImportInternetFacing = "import_internet_facing";

    /// <summary>Config: <c>auto</c> (default), <c>by-machine</c> or <c>export</c>.</summary>
    public const string VulnerabilitySource = "vulnerability_source";
}
