using Chariot.Capabilities.Defender.Testing.Tests.Support;

namespace Chariot.Capabilities.Defender.Testing.Tests;

public sealed class RequestLogTests
{
    [Fact]
    public async Task Every_request_is_recorded_with_host_path_decoded_query_and_token_audience()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        using var _ = await t.GetAsync("https://api.securitycenter.microsoft.com/api/machines?$filter=" + Uri.EscapeDataString("computerDnsName eq 'o''brien'"), token);

        var log = t.Tenant.Requests.All;

        Assert.Equal(2, log.Count);
        Assert.Equal(FakeEndpoint.Token, log[0].Endpoint);
        Assert.False(log[0].HasBearerToken);
        var call = log[1];
        Assert.Equal(FakeEndpoint.Machines, call.Endpoint);
        Assert.Equal("GET", call.Method);
        Assert.Equal("api.securitycenter.microsoft.com", call.Host);
        Assert.Equal("/api/machines", call.Path);
        Assert.Equal("computerDnsName eq 'o''brien'", call.Query["$filter"]);
        Assert.True(call.HasBearerToken);
        Assert.Equal("https://api.securitycenter.microsoft.com", call.TokenAudience);
        Assert.Equal(FakeDefenderTenantOptions.DefaultClientId, call.ClientId);
    }

    [Fact]
    public async Task A_bounded_log_keeps_the_latest_requests_and_forgets_the_oldest_first()
    {
        using var t = TestTenant.Generated(requestLogCapacity: 3);
        for (var i = 0; i < 5; i++)
        {
            using var _ = await t.GetAsync($"https://api.securitycenter.microsoft.com/api/machines?n={i}", token: null);
        }

        var log = t.Tenant.Requests.All;

        Assert.Equal(3, t.Tenant.Requests.Capacity);
        Assert.Equal(["2", "3", "4"], log.Select(r => r.Query["n"]));
    }

    [Fact]
    public void By_default_the_log_keeps_every_request()
    {
        using var t = TestTenant.Generated();

        Assert.Null(t.Tenant.Requests.Capacity);
    }
}
