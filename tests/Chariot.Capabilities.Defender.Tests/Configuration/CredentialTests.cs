using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Tests.Support;

namespace Chariot.Capabilities.Defender.Tests.Configuration;

public sealed class CredentialTests
{
    private const string TenantId = "b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c";

    private static async Task<CapabilityException> ValidateFails(DefenderHarness harness)
    {
        var result = await harness.RunAsync((capability, ct) => capability.ValidateCredentialsAsync(ct));
        return Assert.IsType<CapabilityException>(result.Failure);
    }

    private static DefenderHarness WithApps(params FakeApp[] apps) =>
        new(time => new FakeDefenderTenantOptions { TimeProvider = time, Apps = apps });

    [Fact]
    public async Task Valid_credentials_get_both_tokens_and_one_call_per_api()
    {
        var harness = new DefenderHarness();

        (await harness.RunAsync((capability, ct) => capability.ValidateCredentialsAsync(ct))).Succeeded();

        Assert.Equal(2, harness.Tenant.Requests.To(FakeEndpoint.Token).Count);
        Assert.Single(harness.Tenant.Requests.To(FakeEndpoint.GraphAlerts));
        Assert.Single(harness.Tenant.Requests.To(FakeEndpoint.Machines));
    }

    [Fact]
    public async Task The_secret_id_pasted_for_the_secret_value_is_explained()
    {
        var harness = new DefenderHarness();
        harness.Secret[DefenderKeys.ClientSecret] = new FakeApp("x", "y", []).ClientSecretId;

        var failure = await ValidateFails(harness);

        Assert.Equal(CapabilityFailure.Credentials, failure.Failure);
        Assert.Contains("AADSTS7000215", failure.Message, StringComparison.Ordinal);
        Assert.Contains("paste the secret VALUE", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_secret_says_to_create_a_new_one()
    {
        var harness = WithApps(new FakeApp(FakeDefenderTenantOptions.DefaultClientId, FakeDefenderTenantOptions.DefaultClientSecret, FakePermissions.All)
        {
            ClientSecretExpiresOn = DefenderHarness.Start.AddDays(-1),
        });

        var failure = await ValidateFails(harness);

        Assert.Contains("AADSTS7000222", failure.Message, StringComparison.Ordinal);
        Assert.Contains("create a new secret", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_application_names_client_tenant_and_cloud()
    {
        var harness = new DefenderHarness();
        harness.Secret[DefenderKeys.ClientId] = "00000000-1111-2222-3333-444444444444";

        var failure = await ValidateFails(harness);

        Assert.Contains("AADSTS700016", failure.Message, StringComparison.Ordinal);
        Assert.Contains("00000000-1111-2222-3333-444444444444", failure.Message, StringComparison.Ordinal);
        Assert.Contains("cloud (public)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_tenant_says_to_check_tenant_and_cloud()
    {
        var harness = new DefenderHarness();
        harness.Secret[DefenderKeys.TenantId] = "99999999-8888-7777-6666-555555555555";

        var failure = await ValidateFails(harness);

        Assert.Contains("AADSTS90002", failure.Message, StringComparison.Ordinal);
        Assert.Contains("check tenant_id", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scope_for_an_unknown_resource_is_explained()
    {
        var harness = new DefenderHarness();
        harness.Config[DefenderKeys.DefenderScope] = "https://foo.microsoft.com/.default";

        var failure = await ValidateFails(harness);

        Assert.Contains("AADSTS70011", failure.Message, StringComparison.Ordinal);
        Assert.Contains("defender_scope", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FakePermissions.MachineReadAll, "WindowsDefenderATP application permission Machine.Read.All")]
    [InlineData(FakePermissions.SecurityAlertReadAll, "Microsoft Graph application permission SecurityAlert.Read.All")]
    public async Task A_missing_permission_is_named_with_the_consent_it_needs(string missing, string expected)
    {
        var harness = WithApps(new FakeApp(
            FakeDefenderTenantOptions.DefaultClientId,
            FakeDefenderTenantOptions.DefaultClientSecret,
            FakePermissions.All.Where(p => p != missing).ToArray()));

        var failure = await ValidateFails(harness);

        Assert.Equal(CapabilityFailure.Credentials, failure.Failure);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.Contains("grant admin consent", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_newer_api_host_still_gets_a_securitycenter_token()
    {
        var harness = new DefenderHarness();
        harness.Config[DefenderKeys.DefenderEndpoint] = "https://api.security.microsoft.com";

        (await harness.InvokeAsync()).Succeeded();

        var calls = harness.Tenant.Requests.All.Where(r => r.Host == "api.security.microsoft.com").ToList();
        Assert.NotEmpty(calls);
        Assert.All(calls, r => Assert.Equal("https://api.securitycenter.microsoft.com", r.TokenAudience));
    }

    [Fact]
    public async Task A_certificate_credential_signs_in_with_a_client_assertion()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=chariot-defender-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DefenderHarness.Start.AddDays(-1), DefenderHarness.Start.AddYears(1));
        var harness = WithApps(new FakeApp(FakeDefenderTenantOptions.DefaultClientId, null, FakePermissions.All) { Certificate = certificate });
        harness.Secret.Remove(DefenderKeys.ClientSecret);
        harness.Secret[DefenderKeys.ClientCertificate] = Convert.ToBase64String(certificate.Export(X509ContentType.Pfx, "pfx-pass"));
        harness.Secret[DefenderKeys.ClientCertificatePassword] = "pfx-pass";

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.NotEmpty(result.Assets);
        Assert.Equal(2, harness.Tenant.Requests.To(FakeEndpoint.Token).Count);
    }

    [Fact]
    public void A_wrong_certificate_password_is_refused_in_match()
    {
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=x", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DefenderHarness.Start, DefenderHarness.Start.AddDays(1));
        var harness = new DefenderHarness();
        harness.Secret.Remove(DefenderKeys.ClientSecret);
        harness.Secret[DefenderKeys.ClientCertificate] = Convert.ToBase64String(certificate.Export(X509ContentType.Pfx, "right"));
        harness.Secret[DefenderKeys.ClientCertificatePassword] = "wrong-password-value";

        var result = DefenderSettingsParser.TryParse(harness.Job()).Result;

        Assert.Equal(DefenderKeys.ClientCertificate, result.Key);
        Assert.Contains("check that it is a PFX", result.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-value", result.ToString(), StringComparison.Ordinal);
        Assert.Equal(TenantId, harness.Secret[DefenderKeys.TenantId]);
    }

    [Fact]
    public async Task A_token_answer_without_an_access_token_is_a_clear_credentials_failure()
    {
        // Issue 11.7: an empty Bearer went out, and the 401 that came back blamed tenant_id and client_id.
        var harness = new DefenderHarness();
        harness.Tenant.Faults.OnNextCall(FakeEndpoint.Token, Fault.TokenWithoutAccessToken());

        var failure = Assert.IsType<CapabilityException>((await harness.InvokeAsync()).Failure);

        Assert.Equal(CapabilityFailure.Credentials, failure.Failure);
        Assert.Contains("no access_token", failure.Message, StringComparison.Ordinal);
        Assert.All(harness.Tenant.Requests.All, r => Assert.Contains(r.Endpoint, (FakeEndpoint[])[FakeEndpoint.Token, FakeEndpoint.InstanceDiscovery]));
    }
}
