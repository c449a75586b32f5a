using System.Net.Http.Headers;
using System.Text.Json;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Testing.Hosting;
using Chariot.Capabilities.Defender.Testing.Throttling;
using Chariot.Capabilities.Defender.Testing.Tests.Support;

namespace Chariot.Capabilities.Defender.Testing.Tests;

public sealed class ServerTests
{
    [Fact]
    public async Task Loopback_https_server_serves_tokens_alerts_machines_and_export_links_on_its_own_ports()
    {
        var tenant = new FakeDefenderTenant(new FakeDefenderTenantOptions { TimeProvider = TestTenant.NewClock(), RateLimits = FakeRateLimits.Off });
        await using var server = new FakeDefenderServer(tenant);
        await server.StartAsync();
        using var client = new HttpClient(server.CreateTrustingHandler());

        using var tokenResponse = await client.PostAsync(new Uri(server.AuthorityUri, tenant.Options.TenantId + "/oauth2/v2.0/token"), TestTenant.TokenForm("https://api.securitycenter.microsoft.com/.default"));
        var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var page = JsonDocument.Parse(await client.GetStringAsync(new Uri(server.DefenderUri, "api/machines?$top=10"))).RootElement;
        var next = new Uri(page.GetProperty("@odata.nextLink").GetString()!);
        var export = JsonDocument.Parse(await client.GetStringAsync(new Uri(server.DefenderUri, "api/machines/SoftwareVulnerabilitiesExport"))).RootElement;
        var link = new Uri(export.GetProperty("exportFiles")[0].GetString()!);
        client.DefaultRequestHeaders.Authorization = null;
        using var blob = await client.GetAsync(link);

        Assert.Equal(200, (int)tokenResponse.StatusCode);
        Assert.Equal(10, page.GetProperty("value").GetArrayLength());
        Assert.Equal(server.DefenderUri.Port, next.Port);
        Assert.Equal(server.BlobUri.Port, link.Port);
        Assert.Equal(200, (int)blob.StatusCode);
        Assert.Equal(4, new[] { server.AuthorityUri.Port, server.GraphUri.Port, server.DefenderUri.Port, server.BlobUri.Port }.Distinct().Count());
    }

    [Fact]
    public async Task Client_that_does_not_trust_the_certificate_cannot_connect()
    {
        var tenant = new FakeDefenderTenant(new FakeDefenderTenantOptions { TimeProvider = TestTenant.NewClock() });
        await using var server = new FakeDefenderServer(tenant);
        await server.StartAsync();
        using var client = new HttpClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(server.GraphUri, "v1.0/security/alerts_v2")));
    }

    [Fact]
    public async Task Connection_reset_fault_aborts_the_real_connection_mid_body()
    {
        var tenant = new FakeDefenderTenant(new FakeDefenderTenantOptions { TimeProvider = TestTenant.NewClock(), RateLimits = FakeRateLimits.Off });
        await using var server = new FakeDefenderServer(tenant);
        await server.StartAsync();
        using var client = new HttpClient(server.CreateTrustingHandler());
        using var tokenResponse = await client.PostAsync(new Uri(server.AuthorityUri, tenant.Options.TenantId + "/oauth2/v2.0/token"), TestTenant.TokenForm("https://api.securitycenter.microsoft.com/.default"));
        var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        tenant.Faults.OnNextCall(FakeEndpoint.SoftwareVulnerabilitiesByMachine, Fault.ConnectionReset(afterBytes: 2000));

        // A real reset can overtake the headers on the wire; either way the client must not get a whole body.
        var failure = await Record.ExceptionAsync(async () =>
        {
            using var response = await client.GetAsync(new Uri(server.DefenderUri, "api/machines/SoftwareVulnerabilitiesByMachine"), HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            await body.CopyToAsync(Stream.Null);
        });

        Assert.True(failure is HttpRequestException or IOException, failure?.ToString() ?? "the body arrived complete");
    }
}
