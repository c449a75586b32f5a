using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Tests.Sync;

public sealed class TrafficTests
{
    [Fact]
    public async Task Each_api_gets_its_own_token_for_its_own_audience()
    {
        var harness = new DefenderHarness();

        (await harness.InvokeAsync()).Succeeded();

        var requests = harness.Tenant.Requests;
        Assert.Equal(2, requests.To(FakeEndpoint.Token).Count);
        Assert.All(requests.To(FakeEndpoint.GraphAlerts), r => Assert.Equal("https://graph.microsoft.com", r.TokenAudience));
        Assert.All(
            requests.All.Where(r => r.Host == "api.securitycenter.microsoft.com"),
            r => Assert.Equal("https://api.securitycenter.microsoft.com", r.TokenAudience));
    }

    [Fact]
    public async Task Alert_filters_are_sent_to_the_server()
    {
        var harness = new DefenderHarness();
        harness.Config[DefenderKeys.AlertSeverity] = "High,medium";
        harness.Config[DefenderKeys.AlertStatus] = "new";

        var result = (await harness.InvokeAsync()).Succeeded();

        var listing = harness.Tenant.Requests.To(FakeEndpoint.GraphAlerts).Last(r => r.Query.ContainsKey("$filter"));
        Assert.Equal(
            "(severity eq 'high' or severity eq 'medium') and (status eq 'new') and lastUpdateDateTime ge 2026-10-02T08:00:00.0000000Z and lastUpdateDateTime le 2026-11-01T08:00:00.0000000Z",
            listing.Query["$filter"]);
        Assert.Equal(("lastUpdateDateTime asc", "1000", "true"), (listing.Query["$orderby"], listing.Query["$top"], listing.Query["$count"]));
        Assert.All(result.Risks.Where(r => !r.Name.StartsWith("CVE", StringComparison.Ordinal)), r =>
        {
            Assert.Equal(RiskState.Triage, r.Status.State);
            Assert.Contains(r.Status.Severity, new[] { Severity.High, Severity.Medium });
        });
    }

    [Fact]
    public async Task Switched_off_streams_are_not_read()
    {
        var harness = new DefenderHarness();
        harness.Config[DefenderKeys.ImportAlerts] = "false";
        harness.Config[DefenderKeys.ImportVulnerabilities] = "false";
        harness.Config[DefenderKeys.ImportAssets] = "false";

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.Empty(result.Models);
        Assert.Empty(harness.Tenant.Requests.To(FakeEndpoint.SoftwareVulnerabilitiesByMachine));
        Assert.Empty(harness.Tenant.Requests.To(FakeEndpoint.GraphAlerts));
        Assert.Empty(harness.Tenant.Requests.To(FakeEndpoint.Machines));
    }

    [Theory]
    [InlineData(true, "10.9.9.9")]
    [InlineData(false, "192.0.2.77")]
    public async Task Affiliation_is_true_only_for_a_machine_defender_knows(bool known, string ip)
    {
        var harness = new DefenderHarness();
        var asset = new Asset(known ? harness.Tenant.Machine(3).ComputerDnsName : "unknown.contoso.com", ip);

        var affiliated = false;
        (await harness.RunAsync(async (capability, ct) => affiliated = await capability.CheckAffiliationAsync(asset, ct))).Succeeded();

        Assert.Equal(known, affiliated);
        var first = harness.Tenant.Requests.To(FakeEndpoint.Machines)[0];
        Assert.Equal($"computerDnsName eq '{asset.Dns.ToLowerInvariant().Replace("'", "''", StringComparison.Ordinal)}'", first.Query["$filter"]);
        if (!known)
        {
            Assert.Equal($"lastIpAddress eq '{ip}'", harness.Tenant.Requests.To(FakeEndpoint.Machines)[1].Query["$filter"]);
        }
    }

    [Fact]
    public async Task A_quote_in_a_host_name_is_doubled_not_injected()
    {
        var harness = new DefenderHarness();
        var asset = new Asset("x' or computerDnsName ne 'y", "198.51.100.1");

        var affiliated = true;
        (await harness.RunAsync(async (capability, ct) => affiliated = await capability.CheckAffiliationAsync(asset, ct))).Succeeded();

        Assert.False(affiliated);
        Assert.Equal("computerDnsName eq 'x'' or computerdnsname ne ''y'", harness.Tenant.Requests.To(FakeEndpoint.Machines)[0].Query["$filter"]);
    }
}
