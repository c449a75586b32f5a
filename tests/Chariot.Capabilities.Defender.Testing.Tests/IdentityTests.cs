using System.Text.Json;
using Chariot.Capabilities.Defender.Testing.Tests.Support;

namespace Chariot.Capabilities.Defender.Testing.Tests;

public sealed class IdentityTests
{
    private const string Machines = "https://api.securitycenter.microsoft.com/api/machines";
    private const string Alerts = "https://graph.microsoft.com/v1.0/security/alerts_v2";

    [Fact]
    public async Task Client_credentials_with_the_secret_value_get_a_bearer_token_for_one_hour()
    {
        using var t = TestTenant.Generated();
        using var response = await t.Client.PostAsync(TestTenant.TokenUrl, TestTenant.TokenForm("https://graph.microsoft.com/.default"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3599, body.GetProperty("expires_in").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("access_token").GetString()));
    }

    [Theory]
    [InlineData("b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c", null, "wrong-secret", "https://graph.microsoft.com/.default", 401, "invalid_client", 7000215)]
    [InlineData("b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c", "00000000-0000-0000-0000-000000000000", null, "https://graph.microsoft.com/.default", 400, "unauthorized_client", 700016)]
    [InlineData("11111111-2222-3333-4444-555555555555", null, null, "https://graph.microsoft.com/.default", 400, "invalid_request", 90002)]
    [InlineData("not a tenant", null, null, "https://graph.microsoft.com/.default", 400, "invalid_request", 900023)]
    [InlineData("b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c", null, null, "https://foo.microsoft.com/.default", 400, "invalid_scope", 70011)]
    [InlineData("b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c", null, null, "https://graph.microsoft.us/.default", 400, "invalid_scope", 70011)]
    [InlineData("b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c", null, null, "https://graph.microsoft.com/.default https://api.securitycenter.microsoft.com/.default", 400, "invalid_scope", 700022)]
    public async Task Token_endpoint_answers_each_mistake_with_its_AADSTS_code(string tenant, string? clientId, string? secret, string scope, int status, string error, int code)
    {
        using var t = TestTenant.Generated();
        var url = $"https://login.microsoftonline.com/{Uri.EscapeDataString(tenant)}/oauth2/v2.0/token";
        using var response = await t.Client.PostAsync(url, TestTenant.TokenForm(scope, clientId, secret));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.StartsWith($"AADSTS{code}:", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Equal(code, body.GetProperty("error_codes")[0].GetInt32());
        Assert.True(body.TryGetProperty("trace_id", out _) && body.TryGetProperty("correlation_id", out _) && body.TryGetProperty("timestamp", out _));
    }

    [Fact]
    public async Task Token_for_graph_is_refused_by_defender_api_with_401()
    {
        using var t = TestTenant.Generated();
        var graphToken = await t.TokenAsync(TestTenant.Graph);

        var (response, body) = await t.GetJsonAsync(Machines, graphToken);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Contains("Invalid audience", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_for_defender_is_refused_by_graph_with_401_InvalidAuthenticationToken()
    {
        using var t = TestTenant.Generated();
        var defenderToken = await t.TokenAsync(TestTenant.Defender);

        var (response, body) = await t.GetJsonAsync(Alerts, defenderToken);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("InvalidAuthenticationToken", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Call_without_a_token_is_401()
    {
        using var t = TestTenant.Generated();
        var (response, _) = await t.GetJsonAsync(Machines, null);
        Assert.Equal(401, (int)response.StatusCode);
    }

    [Fact]
    public async Task App_lacking_a_permission_gets_403_naming_it()
    {
        var app = new FakeApp("aaaaaaaa-0000-0000-0000-000000000001", "s3cret", [FakePermissions.SecurityAlertReadAll, FakePermissions.MachineReadAll]);
        using var t = TestTenant.Generated(apps: [app]);
        var token = await t.TokenAsync(TestTenant.Defender, app.ClientId, "s3cret");

        var (machines, _) = await t.GetJsonAsync(Machines, token);
        var (vulnerabilities, body) = await t.GetJsonAsync("https://api.securitycenter.microsoft.com/api/machines/SoftwareVulnerabilitiesByMachine", token);

        Assert.Equal(200, (int)machines.StatusCode);
        Assert.Equal(403, (int)vulnerabilities.StatusCode);
        Assert.Equal("Forbidden", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("Vulnerability.Read.All", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_for_the_newer_security_host_carries_no_defender_roles_and_gets_403()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync("https://api.security.microsoft.com");

        var (response, _) = await t.GetJsonAsync("https://api.security.microsoft.com/api/machines", token);

        Assert.Equal(403, (int)response.StatusCode);
    }

    [Fact]
    public async Task Token_expires_when_the_clock_passes_its_lifetime()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        using (var fresh = await t.GetAsync(Machines, token))
        {
            Assert.Equal(200, (int)fresh.StatusCode);
        }

        t.Clock.Advance(TimeSpan.FromSeconds(3600));
        var (expired, body) = await t.GetJsonAsync(Machines, token);

        Assert.Equal(401, (int)expired.StatusCode);
        Assert.Contains("expired", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoked_token_is_refused_before_it_expires()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);

        Assert.True(t.Tenant.RevokeToken(token));
        using var response = await t.GetAsync(Machines, token);

        Assert.Equal(401, (int)response.StatusCode);
    }

    [Fact]
    public async Task Expired_client_secret_answers_AADSTS7000222()
    {
        var app = new FakeApp("aaaaaaaa-0000-0000-0000-000000000002", "old", FakePermissions.All) { ClientSecretExpiresOn = TestTenant.NewClock().GetUtcNow().AddDays(-1) };
        using var t = TestTenant.Generated(apps: [app]);
        using var response = await t.Client.PostAsync(TestTenant.TokenUrl, TestTenant.TokenForm("https://graph.microsoft.com/.default", app.ClientId, "old"));
        Assert.Contains("AADSTS7000222", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_client_assertion_signed_by_the_registered_certificate_gets_a_token()
    {
        using var certificate = AssertionFactory.CreateCertificate();
        var app = new FakeApp("aaaaaaaa-0000-0000-0000-000000000003", null, FakePermissions.All) { Certificate = certificate };
        using var t = TestTenant.Generated(apps: [app]);
        using var other = AssertionFactory.CreateCertificate();

        using var good = await t.Client.PostAsync(TestTenant.TokenUrl, AssertionFactory.Form(app.ClientId, AssertionFactory.Sign(app.ClientId, certificate, t.Clock.GetUtcNow())));
        using var forged = await t.Client.PostAsync(TestTenant.TokenUrl, AssertionFactory.Form(app.ClientId, AssertionFactory.Sign(app.ClientId, other, t.Clock.GetUtcNow())));

        Assert.Equal(200, (int)good.StatusCode);
        Assert.Equal(401, (int)forged.StatusCode);
        Assert.Contains("AADSTS700027", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Msal_discovery_documents_point_back_at_the_authority_host()
    {
        using var t = TestTenant.Generated();
        var (discovery, instance) = await t.GetJsonAsync("https://login.microsoftonline.com/common/discovery/instance?api-version=1.1&authorization_endpoint=https%3A%2F%2Flogin.microsoftonline.com%2Fb3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c%2Foauth2%2Fv2.0%2Fauthorize", null);
        var (configuration, openId) = await t.GetJsonAsync("https://login.microsoftonline.com/b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c/v2.0/.well-known/openid-configuration", null);

        Assert.Equal(200, (int)discovery.StatusCode);
        Assert.Equal("https://login.microsoftonline.com/b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c/v2.0/.well-known/openid-configuration", instance.GetProperty("tenant_discovery_endpoint").GetString());
        Assert.Equal(200, (int)configuration.StatusCode);
        Assert.Equal(TestTenant.TokenUrl, openId.GetProperty("token_endpoint").GetString());
    }
}
