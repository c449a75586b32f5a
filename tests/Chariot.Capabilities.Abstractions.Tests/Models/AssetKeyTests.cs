using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Tests.Models;

// Expected values come from tabularium's asset_test.go (TestAsset_Class, _Valid, _Case, _IsPrivate, _RFC1918)
// and pkg/external/convert_test.go.
public sealed class AssetKeyTests
{
    [Theory]
    [InlineData("example.com", "example.com", ModelSource.Seed, "tld", false)]
    [InlineData("0.0.0.0/8", "0.0.0.0/8", ModelSource.Seed, "cidr", false)]
    [InlineData("github", "github.com/example-inc", ModelSource.Account, "github", false)]
    [InlineData("tenablevm", "https://cloud.tenable.com", ModelSource.Account, "tenablevm", false)]
    [InlineData("subdomain.example.com", "subdomain.example.com", ModelSource.Self, "domain", false)]
    [InlineData("example.com", "0.0.0.0", ModelSource.Self, "ipv4", false)]
    [InlineData("example.com", "2001::0000", ModelSource.Self, "ipv6", false)]
    [InlineData("example.com", "192.168.0.1", ModelSource.Self, "ipv4", true)]
    [InlineData("api.example.com", "api.example.com", ModelSource.Self, "domain", false)]
    [InlineData("example.co.uk", "example.co.uk", ModelSource.Self, "tld", false)]
    [InlineData("test.internal", "test.internal", ModelSource.Self, "domain", false)]
    [InlineData("8.8.8.0/24", "8.8.8.0/24", ModelSource.Self, "cidr", false)]
    [InlineData("10.0.0.0/8", "10.0.0.0/8", ModelSource.Self, "cidr", true)]
    [InlineData("internal.local", "192.168.1.1", ModelSource.Self, "ipv4", true)]
    [InlineData("google.com", "2001:4860:4860::8888", ModelSource.Self, "ipv6", false)]
    [InlineData("x", "arn:aws:iam::123:role/x", ModelSource.Self, "aws", false)]
    [InlineData("x", "s3://bucket", ModelSource.Self, "s3", false)]
    [InlineData("host_name", "host_name", ModelSource.Self, "", false)]
    public void Class_and_privacy_are_inferred_as_tabularium_does(string dns, string name, ModelSource source, string expectedClass, bool expectedPrivate)
    {
        var asset = new Asset(dns, name) { Source = source };

        Assert.Equal(expectedClass, asset.Class);
        Assert.Equal(expectedPrivate, asset.Private);
    }

    [Theory]
    [InlineData("#asset#registry.prod01.example.infra-host.com#172.16.254.1", true)]
    [InlineData("#asset#203.0.113.42#203.0.113.42", true)]
    [InlineData("#registry#db.example.com#10.0.0.1", false)]
    [InlineData("#attribute#https#443#asset#db.example.com#10.0.0.1", false)]
    [InlineData("#asset##10.0.0.1", false)]
    public void Asset_key_validity_matches_tabularium(string key, bool valid)
    {
        Assert.Equal(valid, ModelKeys.IsValidAsset(key));
    }

    [Fact]
    public void Asset_key_is_lower_cased_but_fields_keep_their_case()
    {
        var lower = new Asset("2001:db8::1", "2001:db8::1");
        var upper = new Asset("2001:DB8::1", "2001:DB8::1");
        var web = new Asset("https://foobar.com", "/WEB-INF");

        Assert.Equal(lower.Key, upper.Key);
        Assert.NotEqual(lower.Dns, upper.Dns);
        Assert.Contains("web-inf", web.Key, StringComparison.Ordinal);
        Assert.Equal("/WEB-INF", web.Name);
    }

    [Fact]
    public void Private_addresses_are_marked_non_routable_as_tabularium_does()
    {
        var rfc1918 = new Asset("10.0.0.1", "10.0.0.1");
        var cgnat = new Asset("100.0.0.1", "100.0.0.1");

        Assert.Equal(("Non-Routable", "0"), (rfc1918.AsName, rfc1918.AsNumber));
        Assert.Null(cgnat.AsName);
        Assert.False(cgnat.Private);
    }

    [Fact]
    public void Asset_needs_both_dns_and_name()
    {
        Assert.NotNull(new Asset("", "1.2.3.4").KeyProblem());
        Assert.NotNull(new Asset("host", "").KeyProblem());
        Assert.Null(new Asset("host.contoso.com", "10.1.2.3").KeyProblem());
    }

    [Fact]
    public void Short_or_zoned_address_forms_are_not_ip_classes()
    {
        Assert.NotEqual("ipv4", new Asset("h", "1.2").Class);
        Assert.NotEqual("ipv6", new Asset("h", "fe80::1%eth0").Class);
    }
}
