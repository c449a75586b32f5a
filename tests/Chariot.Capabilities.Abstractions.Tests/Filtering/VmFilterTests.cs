using Chariot.Capabilities.Filtering;
using Chariot.Capabilities.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Chariot.Capabilities.Tests.Filtering;

public sealed class VmFilterTests
{
    private readonly FakeLogger<VmFilter> _logger = new();

    private VmFilter Filter(params (string Key, string Value)[] config) =>
        new(VmFilterOptions.FromConfig(config.ToDictionary(c => c.Key, c => c.Value)), _logger);

    private static bool Drops(VmFilter filter, Asset asset) => filter.DropAsset(ref asset);

    private static bool Drops(VmFilter filter, Risk risk) => filter.DropRisk(ref risk);

    private static Risk RiskOn(string dns, string name = "CVE-2024-7256") => new(dns, name, RiskStatus.Triage(Severity.High));

    [Fact]
    public void By_default_only_validity_and_duplicate_rules_are_on()
    {
        var filter = Filter();

        Assert.Equal([VmFilter.InvalidKeyRule, VmFilter.AssetDroppedRule, VmFilter.DuplicateRule], filter.Rules);
        Assert.False(Drops(filter, new Asset("dc01.contoso.local", "10.1.2.3")));
        Assert.False(Drops(filter, new Asset("lab.contoso.local", "127.0.0.1")));
    }

    [Fact]
    public void Invalid_keys_are_dropped_and_the_reason_is_logged()
    {
        var filter = Filter();

        Assert.True(Drops(filter, RiskOn("bad#host")));
        Assert.True(Drops(filter, new Asset("", "10.0.0.1")));

        Assert.Equal(2, filter.Dropped[VmFilter.InvalidKeyRule]);
        var record = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Message.Contains("exactly two segments", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, record.Level);
    }

    [Fact]
    public void Duplicates_within_one_job_are_dropped()
    {
        var filter = Filter();

        Assert.False(Drops(filter, new Asset("h.contoso.com", "10.0.0.1")));
        Assert.True(Drops(filter, new Asset("H.CONTOSO.COM", "10.0.0.1")));
        Assert.False(Drops(filter, RiskOn("h.contoso.com")));
        Assert.True(Drops(filter, RiskOn("h.contoso.com", "cve-2024-7256")));

        Assert.Equal(2, filter.Dropped[VmFilter.DuplicateRule]);
    }

    [Fact]
    public void Private_address_rule_drops_non_routable_assets_and_the_risks_on_them()
    {
        var filter = Filter((VmFilterOptions.PrivateAddressesKey, "true"));

        Assert.True(Drops(filter, new Asset("dc01.contoso.local", "10.1.2.3")));
        Assert.True(Drops(filter, new Asset("lab", "169.254.10.1")));
        Assert.True(Drops(filter, new Asset("v6", "fe80::1")));
        Assert.True(Drops(filter, new Asset("cgnat", "100.64.1.1")));
        Assert.False(Drops(filter, new Asset("web.contoso.com", "20.1.2.3")));

        Assert.True(Drops(filter, RiskOn("dc01.contoso.local")));
        Assert.False(Drops(filter, RiskOn("web.contoso.com")));
        Assert.False(Drops(filter, RiskOn("never-seen.contoso.com")));
        Assert.Equal(4, filter.Dropped[NonRoutableAddressRule.RuleName]);
        Assert.Equal(1, filter.Dropped[VmFilter.AssetDroppedRule]);
    }

    [Fact]
    public void A_hundred_thousand_kept_hosts_keep_a_few_hundred_kilobytes_in_memory_and_still_hold_their_risks()
    {
        using var filter = Filter((VmFilterOptions.PrivateAddressesKey, "true"));
        for (var i = 0; i < 100_000; i++)
        {
            Assert.False(Drops(filter, new Asset($"h{i}.contoso.com", "52.1.1.1")));
        }

        // Each host also had an asset dropped: its risks are kept only because the kept-host set still finds it.
        Assert.True(Drops(filter, new Asset("h7.contoso.com", "10.0.0.7")));
        Assert.True(Drops(filter, new Asset("h99999.contoso.com", "10.0.0.9")));
        Assert.True(Drops(filter, new Asset("gone.contoso.com", "10.0.0.1")));
        Assert.False(Drops(filter, RiskOn("h7.contoso.com")));
        Assert.False(Drops(filter, RiskOn("H99999.CONTOSO.COM", "CVE-2024-1")));
        Assert.True(Drops(filter, RiskOn("gone.contoso.com")));
        Assert.InRange(filter.KeptHostsMemoryBytes, 1, 512 * 1024); // all in memory took 2 MB
    }

    [Fact]
    public void A_risk_is_kept_when_its_host_still_has_a_kept_asset()
    {
        var filter = Filter((VmFilterOptions.PrivateAddressesKey, "true"));

        Assert.True(Drops(filter, new Asset("dual.contoso.com", "10.0.0.5")));
        Assert.False(Drops(filter, new Asset("dual.contoso.com", "52.1.1.1")));

        Assert.False(Drops(filter, RiskOn("dual.contoso.com")));
    }

    [Fact]
    public void Cloud_range_rule_drops_listed_ranges_only()
    {
        var filter = Filter((VmFilterOptions.CloudRangesKey, "52.0.0.0/8, 2600:1f00::/24"));

        Assert.Contains(CloudRangeRule.RuleName, filter.Rules);
        Assert.True(Drops(filter, new Asset("ec2.contoso.com", "52.10.0.1")));
        Assert.True(Drops(filter, new Asset("v6.contoso.com", "2600:1f00::10")));
        Assert.False(Drops(filter, new Asset("onprem.contoso.com", "20.1.2.3")));
        Assert.False(Drops(filter, new Asset("private.contoso.com", "10.0.0.1")));
    }

    [Fact]
    public void An_address_given_as_dns_is_checked_too()
    {
        var filter = Filter((VmFilterOptions.PrivateAddressesKey, "true"));

        Assert.True(Drops(filter, new Asset("192.168.1.1", "printer")));
    }

    [Theory]
    [InlineData(VmFilterOptions.PrivateAddressesKey, "yes", "put true")]
    [InlineData(VmFilterOptions.CloudRangesKey, "52.0.0/8", "'52.0.0/8', which is not a CIDR range")]
    [InlineData(VmFilterOptions.CloudRangesKey, "52.1.0.0/8", "no host bits set")]
    public void Malformed_filter_config_names_the_key_and_what_to_put(string key, string value, string expected)
    {
        var error = Assert.Throws<CapabilityException>(() => Filter((key, value)));

        Assert.Equal(CapabilityFailure.Configuration, error.Failure);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
