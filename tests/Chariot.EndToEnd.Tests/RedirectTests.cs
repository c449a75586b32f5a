using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.EndToEnd.Tests.Support;

namespace Chariot.EndToEnd.Tests;

/// <summary>
/// Issue 11.1: a redirect never takes a request to another host. Over real loopback HTTPS, where the HTTP stack would
/// follow a 307 and post the token request (client secret included) again wherever it points, and would send an API
/// call on (without its token) and take that host's answer as the tenant's.
/// </summary>
public sealed class RedirectTests(FakeTenantFixture fixture) : IClassFixture<FakeTenantFixture>
{
    [Fact]
    public async Task A_token_endpoint_redirect_is_not_followed_so_the_secret_goes_nowhere_else()
    {
        var elsewhere = Authority(fixture.Server.GraphUri);
        fixture.Tenant.Faults.OnNextCall(FakeEndpoint.Token, Fault.Redirect(new Uri(fixture.Server.GraphUri, $"{DefenderJob.TenantId}/oauth2/v2.0/token")));

        var result = await fixture.Host().RunAsync("validate", "--job", fixture.Job().WriteTo(fixture.WorkDirectory));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain(fixture.Tenant.Requests.All, r => r.Host == elsewhere && r.Path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal));
        Assert.Contains("redirect", result.Out, StringComparison.Ordinal);
        Assert.Contains("authority_host", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_redirect_to_another_host_stops_the_sync_like_a_foreign_next_link()
    {
        var elsewhere = Authority(fixture.Server.GraphUri);
        fixture.Tenant.Faults.OnNextCall(FakeEndpoint.Machines, Fault.Redirect(new Uri(fixture.Server.GraphUri, "api/machines")));
        var output = fixture.NewPath("redirected.ndjson");

        var result = await fixture.Host().RunAsync("run", "--job", fixture.Job().WriteTo(fixture.WorkDirectory), "--out", output);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.DoesNotContain(fixture.Tenant.Requests.All, r => r.Host == elsewhere && r.Path.EndsWith("api/machines", StringComparison.Ordinal));
        Assert.Contains($"redirected (307) to another host ({fixture.Server.GraphUri.GetLeftPart(UriPartial.Authority)})", result.Error, StringComparison.Ordinal);
    }

    private static string Authority(Uri uri) => uri.IsDefaultPort ? uri.Host : uri.Authority;
}
