namespace Chariot.Capabilities.Defender.Configuration;

/// <summary>A job's Defender settings, parsed and validated from its config and secret.</summary>
internal sealed record DefenderSettings
{
    /// <summary>The tenant, a GUID or a verified domain.</summary>
    public required string TenantId { get; init; }

    /// <summary>The application (client) id.</summary>
    public required string ClientId { get; init; }

    /// <summary>The credential.</summary>
    public required DefenderCredential Credential { get; init; }

    /// <summary>The cloud the endpoints default to.</summary>
    public required DefenderCloud Cloud { get; init; }

    /// <summary>The identity host.</summary>
    public required Uri AuthorityHost { get; init; }

    /// <summary>Whether the authority is a custom host (then MSAL skips instance discovery).</summary>
    public required bool CustomAuthority { get; init; }

    /// <summary>The Microsoft Graph host.</summary>
    public required Uri GraphEndpoint { get; init; }

    /// <summary>The Defender for Endpoint API host.</summary>
    public required Uri DefenderEndpoint { get; init; }

    /// <summary>The scope of the Graph token.</summary>
    public required string GraphScope { get; init; }

    /// <summary>The scope of the Defender token.</summary>
    public required string DefenderScope { get; init; }

    /// <summary>Alert severities to import (lower-case Graph values); empty = all.</summary>
    public IReadOnlyList<string> AlertSeverities { get; init; } = [];

    /// <summary>Alert statuses to import (Graph values); empty = all.</summary>
    public IReadOnlyList<string> AlertStatuses { get; init; } = [];

    /// <summary>How far back the first sync reads alert changes; null = everything the tenant keeps.</summary>
    public TimeSpan? AlertLookback { get; init; } = DefaultAlertLookback;

    /// <summary>The default of <see cref="AlertLookback"/>: 30 days.</summary>
    public static readonly TimeSpan DefaultAlertLookback = TimeSpan.FromDays(30);

    /// <summary>The most alerts one sync sends; null = no limit.</summary>
    public int? MaxAlerts { get; init; }

    /// <summary>How long a device may go unseen and still be sent; null = every device, however long unseen.</summary>
    public TimeSpan? StaleAfter { get; init; } = DefaultStaleAfter;

    /// <summary>The default of <see cref="StaleAfter"/>: 30 days.</summary>
    public static readonly TimeSpan DefaultStaleAfter = TimeSpan.FromDays(30);

    /// <summary>Whether devices excluded in Defender, or merged into another device, are still sent.</summary>
    public bool IncludeExcluded { get; init; }

    /// <summary>Machine tags a device must carry one of; empty = any device.</summary>
    public IReadOnlyList<string> DeviceTags { get; init; } = [];

    /// <summary>RBAC device group ids a device must be in one of (with <see cref="DeviceGroupNames"/>); both empty = any group.</summary>
    public IReadOnlyList<int> DeviceGroupIds { get; init; } = [];

    /// <summary>RBAC device group names a device must be in one of (with <see cref="DeviceGroupIds"/>).</summary>
    public IReadOnlyList<string> DeviceGroupNames { get; init; } = [];

    /// <summary>OS platforms a device must have one of; empty = any.</summary>
    public IReadOnlyList<string> DevicePlatforms { get; init; } = [];

    /// <summary>Onboarding statuses a device must have one of; empty = any (discovered devices are attack surface too).</summary>
    public IReadOnlyList<string> OnboardingStatuses { get; init; } = [];

    /// <summary>Alert service sources to import (Graph values); empty = all.</summary>
    public IReadOnlyList<string> AlertServiceSources { get; init; } = [];

    /// <summary>Whether software is imported (technologies, their relationships, end-of-support risks).</summary>
    public bool ImportSoftware { get; init; }

    /// <summary>Whether internet-facing devices are imported (public addresses, ports, the facts on the device's asset).</summary>
    public bool ImportInternetFacing { get; init; }

    /// <summary>Whether alerts are imported.</summary>
    public bool ImportAlerts { get; init; } = true;

    /// <summary>Whether devices are imported.</summary>
    public bool ImportAssets { get; init; } = true;

    /// <summary>Whether vulnerabilities are imported.</summary>
    public bool ImportVulnerabilities { get; init; } = true;

    /// <summary>Where vulnerabilities are read from.</summary>
    public VulnerabilitySource VulnerabilitySource { get; init; } = VulnerabilitySource.Auto;

    /// <summary>The hosts a bearer token may be sent to: the Graph and Defender hosts, nothing else.</summary>
    public IReadOnlySet<string> ApiAuthorities =>
        new HashSet<string>([GraphEndpoint.GetLeftPart(UriPartial.Authority), DefenderEndpoint.GetLeftPart(UriPartial.Authority)], StringComparer.OrdinalIgnoreCase);
}
