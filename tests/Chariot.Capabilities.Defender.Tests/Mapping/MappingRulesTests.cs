using Chariot.Capabilities.Defender.Alerts;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Devices;
using Chariot.Capabilities.Defender.Vulnerabilities;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Tests.Mapping;

// The mapping contract of the README, row by row.
public sealed class MappingRulesTests
{
    private static readonly DeviceDirectory Devices = Directory();

    private static DeviceDirectory Directory()
    {
        var devices = new DeviceDirectory();
        devices.Add("m1", "ws-01.contoso.com");
        return devices;
    }

    [Theory]
    [InlineData("10.1.1.1", "10.2.2.2", "10.1.1.1")]
    [InlineData(null, "10.2.2.2", "10.2.2.2")]
    [InlineData(null, null, "ws-01.contoso.com")]
    public void Asset_name_is_last_ip_else_first_address_else_dns(string? lastIp, string? firstAddress, string expected)
    {
        var machine = new Machine
        {
            Id = "m1",
            ComputerDnsName = "WS-01.Contoso.com.",
            LastIpAddress = lastIp,
            IpAddresses = firstAddress is null ? null : [new MachineAddress { IpAddress = firstAddress }, new MachineAddress { IpAddress = "fe80::1" }],
        };

        var (asset, attributes) = MachineToAsset.Map(machine, "tenant", out var problem)!.Value;

        Assert.Null(problem);
        Assert.Equal("ws-01.contoso.com", asset.Dns);
        Assert.Equal(expected, asset.Name);
        Assert.Equal(firstAddress is not null, attributes.Any(a => a.Name == "ipAddress" && a.Value == "fe80::1"));
        Assert.DoesNotContain(attributes, a => a.Name == "ipAddress" && a.Value == expected);
    }

    [Fact]
    public void Interface_addresses_are_trimmed_and_each_kept_once_case_aside_in_the_order_given()
    {
        var machine = new Machine
        {
            Id = "m1",
            ComputerDnsName = "ws-01.contoso.com",
            IpAddresses =
            [
                new MachineAddress { IpAddress = " 10.0.0.7 " }, new MachineAddress { IpAddress = "FE80::1" }, new MachineAddress { IpAddress = "  " },
                new MachineAddress(), new MachineAddress { IpAddress = "fe80::1" }, new MachineAddress { IpAddress = "10.0.0.8" },
                new MachineAddress { IpAddress = "10.0.0.7" },
            ],
        };

        var (asset, attributes) = MachineToAsset.Map(machine, "tenant", out _)!.Value;

        Assert.Equal("10.0.0.7", asset.Name);
        Assert.Equal(["FE80::1", "10.0.0.8"], attributes.Where(a => a.Name == "ipAddress").Select(a => a.Value));
    }

    [Theory]
    [InlineData(null, "ws.contoso.com", "has no id")]
    [InlineData("m9", "  ", "has no computerDnsName")]
    [InlineData("m9", null, "has no computerDnsName")]
    public void Machine_without_id_or_host_name_is_skipped_with_a_reason(string? id, string? dns, string reason)
    {
        Assert.Null(MachineToAsset.Map(new Machine { Id = id, ComputerDnsName = dns }, "tenant", out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Low", null, "TL")]
    [InlineData("Medium", 9.8, "TM")]
    [InlineData("High", null, "TH")]
    [InlineData("Critical", null, "TC")]
    [InlineData(null, 9.1, "TC")]
    [InlineData("Unheard", 5.0, "TM")]
    [InlineData(null, null, "TI")]
    public void Vulnerability_severity_comes_from_the_level_else_the_cvss_band(string? level, double? cvss, string status)
    {
        var row = new VulnerabilityRow { DeviceId = "m1", DeviceName = "other-name", CveId = "cve-2024-7256", VulnerabilitySeverityLevel = level, CvssScore = cvss };

        var risk = VulnerabilityToRisk.Map(row, Devices, out _)!;

        Assert.Equal(status, risk.Status.Code);
        Assert.Equal("ws-01.contoso.com", risk.Dns);
        Assert.Equal("CVE-2024-7256", risk.Name);
        Assert.Equal("#risk#ws-01.contoso.com#CVE-2024-7256", risk.Key);
    }

    [Fact]
    public void Vulnerability_of_an_unknown_device_uses_its_device_name()
    {
        var risk = VulnerabilityToRisk.Map(new VulnerabilityRow { DeviceId = "zz", DeviceName = "SRV-9.Contoso.com", CveId = "CVE-2023-1" }, Devices, out _)!;

        Assert.Equal("srv-9.contoso.com", risk.Dns);
    }

    [Fact]
    public void Software_row_without_cve_is_not_a_risk_and_not_a_problem()
    {
        Assert.Null(VulnerabilityToRisk.Map(new VulnerabilityRow { DeviceId = "m1", CveId = null }, Devices, out var problem));
        Assert.Null(problem);
        Assert.Null(VulnerabilityToRisk.Map(new VulnerabilityRow { CveId = "CVE-2023-1" }, Devices, out var missing));
        Assert.NotNull(missing);
    }

    [Theory]
    [InlineData("informational", "new", "unknown", "TI")]
    [InlineData("low", "inProgress", "unknown", "TL")]
    [InlineData("medium", "new", null, "TM")]
    [InlineData("high", "resolved", "truePositive", "RH")]
    [InlineData("high", "resolved", "falsePositive", "DHF")]
    [InlineData("unknownFutureValue", "somethingNew", null, "TI")]
    [InlineData(null, null, null, "TI")]
    public void Alert_status_and_severity_map_to_a_risk_status(string? severity, string? status, string? classification, string expected)
    {
        var alert = new GraphAlert { Severity = severity, Status = status, Classification = classification };

        Assert.Equal(expected, AlertToRisk.StatusOf(alert).Code);
    }

    [Fact]
    public void Alert_lands_on_its_device_as_the_device_asset_names_it()
    {
        var alert = new GraphAlert
        {
            Id = "a1",
            Title = "Ransomware behavior detected",
            Evidence = new AlertEvidence("m1", "WS-01", []),
        };

        var mapped = AlertToRisk.Map(alert, Devices, "contoso.onmicrosoft.com", out _)!;

        Assert.Equal("#risk#ws-01.contoso.com#ransomware-behavior-detected", mapped.Risk.Key);
    }

    [Fact]
    public void Alert_without_device_evidence_is_attached_to_the_integration()
    {
        var alert = new GraphAlert { Id = "a2", Title = "Phish delivered", Evidence = new AlertEvidence(null, null, "- mailboxEvidence:  []\n"u8.ToArray()) };

        var mapped = AlertToRisk.Map(alert, Devices, "contoso.onmicrosoft.com", out _)!;

        Assert.Equal("contoso.onmicrosoft.com", mapped.Risk.Dns);
        Assert.Contains("mailboxEvidence", System.Text.Encoding.UTF8.GetString(mapped.Proof.Bytes.Span), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "t")]
    [InlineData("a3", null)]
    [InlineData("a3", " ")]
    public void Alert_without_id_or_title_is_skipped_with_a_reason(string? id, string? title)
    {
        Assert.Null(AlertToRisk.Map(new GraphAlert { Id = id, Title = title }, Devices, "x", out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void Cve_definition_has_description_cvss_exploit_facts_fix_and_references()
    {
        var entry = new CveEntry
        {
            Id = "CVE-2024-7256", Description = "Chrome bypass", Severity = "High", CvssV3 = 8, CvssVector = "CVSS:3.0/AV:N", ExposedMachines = 23,
            PublicExploit = true, ExploitVerified = false, ExploitInKit = false, Epss = 0.632, ExploitUris = ["https://exploit.example/1"],
        };
        var fix = CveDefinition.FixOf(new VulnerabilityRow { RecommendedSecurityUpdate = "Chrome 127", RecommendedSecurityUpdateId = "KB1" });

        var markdown = CveDefinition.From("CVE-2024-7256", entry, fix).ToMarkdown();

        Assert.Contains("#### Vulnerability Description\nChrome bypass\n", markdown, StringComparison.Ordinal);
        Assert.Contains("CVSS v3 8.0 (CVSS:3.0/AV:N)", markdown, StringComparison.Ordinal);
        Assert.Contains("Public exploit: yes; verified: no", markdown, StringComparison.Ordinal);
        Assert.Contains("#### Recommendation\nInstall Chrome 127 - KB1\n", markdown, StringComparison.Ordinal);
        Assert.Contains("https://nvd.nist.gov/vuln/detail/CVE-2024-7256\nhttps://exploit.example/1", markdown, StringComparison.Ordinal);
        Assert.Equal(Severity.High, VulnerabilityToRisk.SeverityOf("HIGH", null));
    }
}
