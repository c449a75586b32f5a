using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Tests.Support;

namespace Chariot.Capabilities.Defender.Tests.Sync;

public sealed class PagingTests
{
    private static DefenderHarness ManyPages() => new(time => new FakeDefenderTenantOptions
    {
        TimeProvider = time,
        Size = new FakeTenantSize(Devices: 23_000, Alerts: 45, VulnerabilityRows: 2_000, CveCatalogue: 50),
        GraphAlerts = GraphAlertsBehaviour.Documented with { MaxPageSize = 7 },
    });

    [Fact]
    public async Task Every_page_is_read_to_the_end_by_following_next_links()
    {
        var harness = ManyPages();

        var result = (await harness.InvokeAsync()).Succeeded();

        // Three pages of up to 10,000 machines: the first is also the Defender API's access check.
        Assert.Equal(3, harness.Tenant.Requests.To(FakeEndpoint.Machines).Count);
        Assert.Equal(harness.Tenant.MachineCount, result.Context.Summary.Stream("devices").Received);
        Assert.Equal(1 + 7, harness.Tenant.Requests.To(FakeEndpoint.GraphAlerts).Count);
        Assert.Equal(45, result.Context.Summary.Stream("alerts").Received);
        Assert.Equal(result.Risks.Count(r => !r.Name.StartsWith("CVE", StringComparison.Ordinal)), result.Risks.Select(r => r.Key).Where(k => !k.Contains("#CVE-", StringComparison.Ordinal)).Distinct().Count());
    }

    [Fact]
    public async Task A_repeating_next_link_stops_the_sync_loudly()
    {
        var harness = ManyPages();
        harness.Tenant.Faults.OnCall(FakeEndpoint.Machines, 2, Fault.RepeatingNextLink());

        var result = await harness.InvokeAsync();

        var failure = Assert.IsType<CapabilityException>(result.Failure);
        Assert.Contains("same nextLink twice", failure.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Checkpoints.Values);
    }

    [Fact]
    public async Task A_next_link_to_another_host_is_refused_and_gets_no_token()
    {
        var harness = ManyPages();
        harness.Tenant.Faults.OnCall(FakeEndpoint.Machines, 1, Fault.ForeignNextLink());

        var result = await harness.InvokeAsync();

        var failure = Assert.IsType<CapabilityException>(result.Failure);
        Assert.Contains("nextLink to another host", failure.Message, StringComparison.Ordinal);
        Assert.All(harness.Tenant.Requests.All.Where(r => r.HasBearerToken), r =>
            Assert.Contains(r.Host, new[] { "graph.microsoft.com", "api.securitycenter.microsoft.com" }));
    }

    [Fact]
    public async Task A_body_that_breaks_off_is_read_again_without_giving_an_item_twice()
    {
        var harness = ManyPages();
        harness.Tenant.Faults.OnCall(FakeEndpoint.Machines, 3, Fault.ConnectionReset(afterBytes: 150_000));
        harness.Tenant.Faults.OnCall(FakeEndpoint.GraphAlerts, 3, Fault.TruncatedBody(afterBytes: 900));

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.Equal(harness.Tenant.MachineCount, result.Context.Summary.Stream("devices").Received);
        Assert.Equal(45, result.Context.Summary.Stream("alerts").Received);
        Assert.True(result.Context.Summary.Stream("devices").Retries >= 1);
    }
}
