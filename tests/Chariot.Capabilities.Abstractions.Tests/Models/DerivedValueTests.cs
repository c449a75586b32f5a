using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Tests.Models;

/// <summary>A key or class worked out once is kept, yet a <c>with</c> copy that changes what it comes from gets its own.</summary>
public sealed class DerivedValueTests
{
    [Fact]
    public void A_copy_with_another_name_has_its_own_key_and_class()
    {
        var asset = new Asset("h.contoso.com", "10.0.0.1");
        Assert.Equal("#asset#h.contoso.com#10.0.0.1", asset.Key);
        Assert.Equal("ipv4", asset.Class);
        Assert.True(asset.Private);

        var moved = asset with { Name = "20.0.0.1" };
        var renamed = asset with { Dns = "contoso.com", Name = "contoso.com" };

        Assert.Equal("#asset#h.contoso.com#20.0.0.1", moved.Key);
        Assert.False(moved.Private);
        Assert.Equal("#asset#contoso.com#contoso.com", renamed.Key);
        Assert.Equal("tld", renamed.Class);
        Assert.Equal("#asset#h.contoso.com#10.0.0.1", asset.Key);
    }

    [Fact]
    public void A_copy_with_another_source_has_its_own_class()
    {
        var asset = new Asset("h.contoso.com", "h.contoso.com");
        var before = asset.Class;

        var account = asset with { Source = ModelSource.Account };

        Assert.Equal(AssetClassifier.Classify("h.contoso.com", "h.contoso.com", ModelSource.Account), account.Class);
        Assert.Equal(AssetClassifier.Classify("h.contoso.com", "h.contoso.com", ModelSource.Self), before);
    }

    [Fact]
    public void Risk_and_attribute_keys_follow_their_inputs()
    {
        var risk = new Risk("h.contoso.com", "Some Alert", RiskStatus.Triage(Severity.Low));
        var attribute = new ChariotAttribute("osPlatform", "Windows11", risk);
        Assert.Equal("#risk#h.contoso.com#some-alert", risk.Key);
        Assert.Equal("#attribute#osPlatform#Windows11#risk#h.contoso.com#some-alert", attribute.Key);

        var other = risk with { Dns = "g.contoso.com", Name = "Other Alert" };
        Assert.Equal("#risk#g.contoso.com#other-alert", other.Key);
        Assert.Equal("#attribute#osPlatform#Windows11#risk#g.contoso.com#other-alert", (attribute with { Parent = other }).Key);
        Assert.Equal("#attribute#osVersion#22H2#risk#h.contoso.com#some-alert", (attribute with { Name = "osVersion", Value = "22H2" }).Key);
        Assert.Equal("#file#b", (new ChariotFile("a") with { Name = "b" }).Key);
        Assert.Equal("#integration#x#y", (new Integration("defender", "t") with { Name = "x", Value = "y" }).Key);
    }

    [Fact]
    public void What_was_worked_out_takes_no_part_in_equality()
    {
        var read = new Asset("h.contoso.com", "10.0.0.1");
        var unread = new Asset("h.contoso.com", "10.0.0.1");
        _ = read.Key;
        _ = read.Class;

        Assert.Equal(unread, read);
        Assert.Equal(unread.GetHashCode(), read.GetHashCode());
        Assert.NotEqual(read, read with { Name = "10.0.0.2" });
    }

    [Fact]
    public void A_model_derived_elsewhere_works_its_key_out_on_every_read()
    {
        var model = new Custom("a");
        Assert.Equal("#custom#a", model.Key);

        Assert.Equal("#custom#b", (model with { Name = "b" }).Key);
    }

    private sealed record Custom(string Name) : ChariotModel("custom")
    {
        public override string? KeyProblem() => null;

        protected override string BuildKey() => "#custom#" + Name;
    }
}
