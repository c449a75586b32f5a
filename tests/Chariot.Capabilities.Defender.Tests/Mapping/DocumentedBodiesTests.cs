using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Tests.Mapping;

// The tenant serves Microsoft's documented example bodies (payloads/): these pin each mapping row end to end.
public sealed class DocumentedBodiesTests
{
    // The documented alert is from 2021: read everything the tenant keeps, not the last 30 days.
    private static async Task<RunResult> SyncDocumented()
    {
        var harness = DefenderHarness.Documented();
        harness.Config[DefenderKeys.AlertLookbackDays] = "0";
        return (await harness.InvokeAsync()).Succeeded();
    }

    private static string Attribute(RunResult result, ChariotModel parent, string name) =>
        Assert.Single(result.Attributes, a => a.Parent.Key == parent.Key && a.Name == name).Value;

    [Fact]
    public async Task Documented_machine_becomes_an_asset_with_its_facts()
    {
        var result = await SyncDocumented();

        var asset = Assert.Single(result.Assets);
        Assert.Equal("mymachine1.contoso.com", asset.Dns);
        Assert.Equal("172.17.230.209", asset.Name);
        Assert.Equal("#asset#mymachine1.contoso.com#172.17.230.209", asset.Key);
        Assert.Equal("1e5bc9d7e413ddd7902c2932e418702b84d0cc07", asset.CloudId);
        Assert.Equal(["test tag 1", "test tag 2"], asset.Tags);
        Assert.Equal("Windows10", Attribute(result, asset, "osPlatform"));
        Assert.Equal("Low", Attribute(result, asset, "riskScore"));
        Assert.Equal("Medium", Attribute(result, asset, "exposureLevel"));
        Assert.Equal("Active", Attribute(result, asset, "healthStatus"));
        Assert.Equal("The-A-Team", Attribute(result, asset, "rbacGroupName"));
        Assert.Equal("167.220.196.71", Attribute(result, asset, "lastExternalIpAddress"));
        Assert.Equal("2018-08-02T14:55:03Z", Attribute(result, asset, "lastSeen"));
    }

    [Fact]
    public async Task Documented_alert_becomes_a_triage_risk_on_its_device()
    {
        var result = await SyncDocumented();

        var risk = Assert.Single(result.Risks);
        Assert.Equal("tempdns", risk.Dns);
        Assert.Equal("suspicious-execution-of-hidden-file", risk.Name);
        Assert.Equal("Suspicious execution of hidden file", risk.Title);
        Assert.Equal("TL", risk.Status.Code);
        Assert.Equal("da637551227677560813_-961444813", Attribute(result, risk, "defenderAlertId"));
        Assert.Equal("T1564.001", Attribute(result, risk, "mitreTechnique"));
        Assert.StartsWith("https://security.microsoft.com/alerts/", Attribute(result, risk, "alertWebUrl"), StringComparison.Ordinal);
        var proof = Assert.Single(result.Files, f => f.Name == "proofs/tempdns/suspicious-execution-of-hidden-file");
        var text = System.Text.Encoding.UTF8.GetString(proof.Bytes.Span);
        Assert.Contains("deviceEvidence: tempDns (73e7e2de709dff64ef64b1d0c30e67fab63279db)", text, StringComparison.Ordinal);
        Assert.Contains("fileEvidence:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Documented_alert_gives_its_detection_a_definition_with_what_users_read()
    {
        var result = await SyncDocumented();

        var risk = Assert.Single(result.Risks);
        Assert.Equal(DateTimeOffset.Parse("2021-04-27T12:19:27.7211305Z", System.Globalization.CultureInfo.InvariantCulture), risk.Created); // createdDateTime
        var definition = Assert.Single(result.Files, f => f.Name == "definitions/suspicious-execution-of-hidden-file");
        Assert.False(definition.Overwrite);
        var text = System.Text.Encoding.UTF8.GetString(definition.Bytes.Span);
        Assert.Contains("#### Vulnerability Description\nA hidden file has been launched.", text, StringComparison.Ordinal);
        Assert.Contains("Category: DefenseEvasion\nMITRE ATT&CK techniques: T1564.001\nDetection source: antivirus\nService source: microsoftDefenderForEndpoint", text, StringComparison.Ordinal);
        Assert.Contains("#### Recommendation\nCollect artifacts and determine scope", text, StringComparison.Ordinal);
        Assert.Contains("#### References\nhttps://attack.mitre.org/techniques/T1564/001/", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Documented_software_rows_without_a_cve_are_not_risks()
    {
        var result = await SyncDocumented();

        Assert.DoesNotContain(result.Risks, r => r.Name.StartsWith("CVE", StringComparison.Ordinal));
        var vulnerabilities = Assert.Single(result.Context.Summary.Streams, s => s.Name == "vulnerabilities");
        Assert.Equal(5, vulnerabilities.Received);
        Assert.Equal(0, vulnerabilities.Emitted);
        Assert.Equal(5, result.Context.Summary.Stream("vulnerabilities").Skips["software inventory rows (no CVE)"]);
    }
}
