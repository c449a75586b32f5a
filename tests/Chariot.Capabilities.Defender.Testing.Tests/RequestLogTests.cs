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
}
