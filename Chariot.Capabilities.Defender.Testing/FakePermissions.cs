namespace Chariot.Capabilities.Defender.Testing;

/// <summary>The application permission names the fake checks, spelled as Microsoft spells them.</summary>
public static class FakePermissions
{
    /// <summary>Graph: read alerts_v2.</summary>
    public const string SecurityAlertReadAll = "SecurityAlert.Read.All";

    /// <summary>Defender for Endpoint (WindowsDefenderATP): read machines.</summary>
    public const string MachineReadAll = "Machine.Read.All";

    /// <summary>Defender for Endpoint: read vulnerabilities (catalogue, by machine, export, changes).</summary>
    public const string VulnerabilityReadAll = "Vulnerability.Read.All";

    /// <summary>Defender for Endpoint: read software inventory.</summary>
    public const string SoftwareReadAll = "Software.Read.All";

    /// <summary>Graph: run advanced hunting queries.</summary>
    public const string ThreatHuntingReadAll = "ThreatHunting.Read.All";

    /// <summary>Every permission the integration needs; the default for a registered app.</summary>
    public static IReadOnlyCollection<string> All { get; } = [SecurityAlertReadAll, MachineReadAll, VulnerabilityReadAll, SoftwareReadAll, ThreatHuntingReadAll];

    internal static IReadOnlySet<string> Graph { get; } = new HashSet<string>(StringComparer.Ordinal) { SecurityAlertReadAll, ThreatHuntingReadAll };

    internal static IReadOnlySet<string> Defender { get; } = new HashSet<string>(StringComparer.Ordinal) { MachineReadAll, VulnerabilityReadAll, SoftwareReadAll };
}
