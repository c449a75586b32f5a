using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Http;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Tests.Configuration;

public sealed class SettingsTests
{
    private static MatchResult MatchWith(Action<DefenderHarness> change)
    {
        var harness = new DefenderHarness();
        change(harness);
        return DefenderSettingsParser.TryParse(harness.Job()).Result;
    }

    public static TheoryData<string, string, string, string> BadSettings => new()
    {
        { "secret", DefenderKeys.TenantId, "", "is missing: put the Directory (tenant) ID" },
        { "secret", DefenderKeys.TenantId, "not a tenant!", "is not a tenant id" },
        { "secret", DefenderKeys.ClientId, "app-name", "is not an application id" },
        { "secret", DefenderKeys.ClientSecret, "", "is missing: put the client secret VALUE (not its ID)" },
        { "secret", DefenderKeys.ClientCertificate, "%%%", "is set together with client_secret" },
        { "config", DefenderKeys.Cloud, "mooncake", "'mooncake' is not a cloud: put public, gcc, gcc-high or dod" },
        { "config", DefenderKeys.GraphEndpoint, "http://graph.microsoft.com", "is not an https URL" },
        { "config", DefenderKeys.DefenderEndpoint, "https://api.securitycenter.microsoft.com/api", "has a path: put scheme and host" },
        { "config", DefenderKeys.AuthorityHost, "login.microsoftonline.com", "is not an https URL" },
        { "config", DefenderKeys.MaxAlerts, "-5", "is not a positive whole number" },
        { "config", DefenderKeys.AlertSeverity, "high,urgent", "'urgent' is not allowed" },
        { "config", DefenderKeys.AlertStatus, "closed", "'closed' is not allowed" },
        { "config", DefenderKeys.ImportAssets, "yes", "is not a switch: put true or false" },
        { "config", DefenderKeys.VulnerabilitySource, "csv", "'csv' is not a source" },
        { "config", DefenderKeys.StaleDays, "-1", "'-1' is not a number of days: put after how many days unseen a device is left out, from 1 to 3650, or 0 to keep every device" },
        { "config", DefenderKeys.StaleDays, "thirty", "'thirty' is not a number of days" },
        { "config", DefenderKeys.IncludeExcluded, "maybe", "'maybe' is not a switch: put true or false" },
        { "config", DefenderKeys.OnboardingStatus, "onboarded,discovered", "'discovered' is not allowed: put a comma-separated list of Onboarded, CanBeOnboarded, Unsupported, InsufficientInfo" },
        { "config", DefenderKeys.AlertServiceSources, "sentinel", "'sentinel' is not allowed" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Bad_settings_fail_to_match_naming_the_key_and_what_to_put(string where, string key, string value, string expected)
    {
        var result = MatchWith(h => (where == "secret" ? h.Secret : h.Config)[key] = value);

        Assert.Equal(MatchOutcome.InvalidConfiguration, result.Outcome);
        Assert.Equal(key == DefenderKeys.ClientCertificate ? DefenderKeys.ClientCertificate : key, result.Key);
        Assert.Contains(expected, result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_that_is_not_base64_is_refused_without_echoing_it()
    {
        var result = MatchWith(h =>
        {
            h.Secret.Remove(DefenderKeys.ClientSecret);
            h.Secret[DefenderKeys.ClientCertificate] = "not-base64-%%%-SECRETISH";
        });

        Assert.Equal(DefenderKeys.ClientCertificate, result.Key);
        Assert.Contains("is not base64", result.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETISH", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_settings_stop_the_run_before_anything_is_sent()
    {
        var harness = new DefenderHarness();
        harness.Secret[DefenderKeys.TenantId] = "bad tenant";

        var result = await harness.InvokeAsync();

        var failure = Assert.IsType<CapabilityException>(result.Failure);
        Assert.Equal(CapabilityFailure.Configuration, failure.Failure);
        Assert.Contains(DefenderKeys.TenantId, failure.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Tenant.Requests.All);
        Assert.Empty(result.Models);
    }

    [Theory]
    [InlineData(DefenderKeys.AlertLookbackDays)]
    [InlineData(DefenderKeys.VulnerabilitySource)]
    [InlineData(DefenderKeys.GraphEndpoint)]
    public async Task A_huge_bad_value_is_named_by_its_start_and_length_not_echoed_whole(string key)
    {
        // Issue 11.7: a 1 MB config value went whole into stderr.
        var harness = new DefenderHarness();
        harness.Config[key] = new string('x', 1_000_000);

        var failure = Assert.IsType<CapabilityException>((await harness.InvokeAsync()).Failure);

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
        Assert.Contains("(1,000,000 characters)", failure.Message, StringComparison.Ordinal);
        Assert.True(failure.Message.Length < 600, failure.Message[..Math.Min(600, failure.Message.Length)]);
    }

    [Fact]
    public void A_job_for_another_integration_is_not_this_capability()
    {
        var harness = new DefenderHarness();
        var job = harness.Job() with { Target = new Integration("crowdstrike", "acme") };

        var plugin = new DefenderPlugin();
        var capability = new DefenderCapability(plugin.Metadata, new JobContext(job, new Emission.ResultChannel(job, new NoFilter(), harness.Time).Emitter, harness.Checkpoints), Provider());

        Assert.Equal(MatchOutcome.NotThisCapability, capability.Match().Outcome);
    }

    public static TheoryData<string, string, string, string, string, string> Clouds => new()
    {
        { "public", "https://login.microsoftonline.com/", "https://graph.microsoft.com/", "https://api.securitycenter.microsoft.com/", "https://graph.microsoft.com/.default", "https://api.securitycenter.microsoft.com/.default" },
        { "gcc", "https://login.microsoftonline.com/", "https://graph.microsoft.com/", "https://api-gcc.securitycenter.microsoft.us/", "https://graph.microsoft.com/.default", "https://api-gcc.securitycenter.microsoft.us/.default" },
        { "gcc-high", "https://login.microsoftonline.us/", "https://graph.microsoft.us/", "https://api-gov.securitycenter.microsoft.us/", "https://graph.microsoft.us/.default", "https://api-gov.securitycenter.microsoft.us/.default" },
        { "dod", "https://login.microsoftonline.us/", "https://dod-graph.microsoft.us/", "https://api-gov.securitycenter.microsoft.us/", "https://dod-graph.microsoft.us/.default", "https://api-gov.securitycenter.microsoft.us/.default" },
    };

    [Theory]
    [MemberData(nameof(Clouds))]
    public void Each_cloud_has_its_own_hosts_and_scopes(string cloud, string authority, string graph, string defender, string graphScope, string defenderScope)
    {
        var harness = new DefenderHarness();
        harness.Config[DefenderKeys.Cloud] = cloud.ToUpperInvariant();

        var settings = DefenderSettingsParser.Parse(harness.Job());

        Assert.Equal(
            (authority, graph, defender, graphScope, defenderScope),
            (settings.AuthorityHost.AbsoluteUri, settings.GraphEndpoint.AbsoluteUri, settings.DefenderEndpoint.AbsoluteUri, settings.GraphScope, settings.DefenderScope));
        Assert.False(settings.CustomAuthority);
    }

    [Theory]
    [InlineData("https://api.security.microsoft.com", "https://api.securitycenter.microsoft.com/.default")]
    [InlineData("https://eu.api.security.microsoft.com", "https://api.securitycenter.microsoft.com/.default")]
    [InlineData("https://api-eu.securitycenter.microsoft.com", "https://api.securitycenter.microsoft.com/.default")]
    [InlineData("https://mde.proxy.example:8443", "https://mde.proxy.example:8443/.default")]
    public void Custom_defender_endpoints_keep_the_securitycenter_scope_or_default_to_their_own(string endpoint, string scope)
    {
        var harness = new DefenderHarness();
        harness.Config[DefenderKeys.DefenderEndpoint] = endpoint + "/";

        var settings = DefenderSettingsParser.Parse(harness.Job());

        Assert.Equal(scope, settings.DefenderScope);
        Assert.Equal(new Uri(endpoint), settings.DefenderEndpoint);
    }

    [Fact]
    public void Scope_overrides_and_custom_authority_are_honoured()
    {
        var harness = new DefenderHarness();
        harness.Config[DefenderKeys.AuthorityHost] = "https://login.proxy.example";
        harness.Config[DefenderKeys.GraphScope] = "https://graph.microsoft.com/.default";

        var settings = DefenderSettingsParser.Parse(harness.Job());

        Assert.True(settings.CustomAuthority);
        Assert.Equal("https://graph.microsoft.com/.default", settings.GraphScope);
    }

    [Theory]
    [InlineData("GRAPH_API_BASE_URL", "https://graph.microsoft.com/v1.0", "https://graph.microsoft.com")]
    [InlineData("DEFENDER_API_BASE_URL", "https://api.securitycenter.microsoft.com/api/", "https://api.securitycenter.microsoft.com")]
    [InlineData("DEFENDER_ALERT_SEVERITY_FILTER", "High,Medium", "High,Medium")]
    public void The_seed_environment_variables_map_onto_the_keys(string variable, string value, string expected)
    {
        var mapping = Assert.Single(new DefenderPlugin().Metadata.EnvironmentDefaults, e => e.Variable == variable);

        Assert.Equal(expected, mapping.Normalize(value));
    }

    private static ServiceProviderStub Provider() => new();

    private sealed class ServiceProviderStub : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(SyncTally) ? new SyncTally() : null;
    }

    private sealed class NoFilter : Filtering.IFilter
    {
        public bool DropAsset(ref Asset asset) => false;

        public bool DropRisk(ref Risk risk) => false;
    }
}
