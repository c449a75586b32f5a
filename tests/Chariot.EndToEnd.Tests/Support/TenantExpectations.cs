using Chariot.Capabilities.Defender.Testing;

namespace Chariot.EndToEnd.Tests.Support;

/// <summary>
/// What a full sync of a fake tenant must emit, worked out from the tenant's own data by the integration's documented
/// mapping: one asset per machine on its lower-case host name; one risk per (device, CVE) named by the upper-case CVE id;
/// one risk per (device or tenant, alert title) with the title lower-cased and spaces as dashes.
/// </summary>
public sealed class TenantExpectations
{
    public TenantExpectations(FakeDefenderTenant tenant, string tenantDomain)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var hosts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (long i = 0; i < tenant.MachineCount; i++)
        {
            var machine = tenant.Machine(i);
            hosts[machine.Id] = HostName(machine.ComputerDnsName);
        }

        MachineCount = tenant.MachineCount;
        AssetHosts = new HashSet<string>(hosts.Values, StringComparer.Ordinal);
        MachineHosts = hosts;

        var cves = new HashSet<string>(StringComparer.Ordinal);
        var vulnerabilityRisks = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < tenant.VulnerabilityRowCount; i++)
        {
            if (tenant.VulnerabilityRow(i) is { CveId: { } cve } row)
            {
                cves.Add(cve.ToUpperInvariant());
                vulnerabilityRisks.Add($"#risk#{hosts[row.DeviceId]}#{cve.ToUpperInvariant()}");
            }
        }

        Cves = cves;
        VulnerabilityRiskKeys = vulnerabilityRisks;
        AlertNames = new HashSet<string>(tenant.Alerts.Select(alert => RiskName(alert.Title)), StringComparer.Ordinal);
        AlertRiskKeys = new HashSet<string>(
            tenant.Alerts.Select(alert =>
            {
                var host = alert.DeviceIds.Select(hosts.GetValueOrDefault).FirstOrDefault(h => h is not null) ?? tenantDomain;
                return $"#risk#{host}#{RiskName(alert.Title)}";
            }),
            StringComparer.Ordinal);
    }

    public long MachineCount { get; }

    /// <summary>Machine id to the host name its asset carries.</summary>
    public IReadOnlyDictionary<string, string> MachineHosts { get; }

    public IReadOnlySet<string> AssetHosts { get; }

    public IReadOnlySet<string> Cves { get; }

    public IReadOnlySet<string> VulnerabilityRiskKeys { get; }

    public IReadOnlySet<string> AlertRiskKeys { get; }

    /// <summary>The risk names of the tenant's alert titles: lower case, spaces as dashes.</summary>
    public IReadOnlySet<string> AlertNames { get; }

    private static string RiskName(string title) => title.Trim().ToLowerInvariant().Replace(' ', '-');

    /// <summary>The host of a machine as Chariot keys it: trimmed, lower-cased, in ASCII (Punycode labels, tabularium's IDNA hook).</summary>
    public static string HostName(string computerDnsName)
    {
        var host = computerDnsName.Trim().TrimEnd('.').ToLowerInvariant();
        return System.Text.Ascii.IsValid(host) ? host : new System.Globalization.IdnMapping().GetAscii(host);
    }
}
