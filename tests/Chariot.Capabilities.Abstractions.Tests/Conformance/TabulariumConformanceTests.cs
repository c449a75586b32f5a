using Chariot.Capabilities.Emission;
using Chariot.Capabilities.Models;
using Chariot.Capabilities.Tests.Emission;
using Microsoft.Extensions.Time.Testing;

namespace Chariot.Capabilities.Tests.Conformance;

/// <summary>The port against tabularium's rules, case by case (<see cref="TabulariumCases"/>); the citation names each case.</summary>
public sealed class TabulariumConformanceTests
{
    public static TheoryData<string, string> Assets => TabulariumCases.Of("assets");

    public static TheoryData<string, string> Risks => TabulariumCases.Of("risks");

    public static TheoryData<string, string> PublicSuffixes => TabulariumCases.Of("publicSuffix");

    public static TheoryData<string, string> AssetClasses => TabulariumCases.Of("assetClasses");

    public static TheoryData<string, string> AssetJson => TabulariumCases.Of("assetJson");

    [Theory]
    [MemberData(nameof(AssetJson))]
    public void Asset_read_from_json(string from, string json)
    {
        var item = TabulariumCases.Parse(json);

        var asset = Assert.IsType<Asset>(Chariot.Capabilities.Json.ChariotJson.Unwrap(item.GetProperty("json").GetRawText()));

        Assert.False(string.IsNullOrEmpty(from));
        Assert.Equal(item.GetProperty("expectValid").GetBoolean(), asset.KeyProblem() is null);
        if (TabulariumCases.Optional(item, "expectKey") is { } key)
        {
            Assert.Equal(key, asset.Key);
        }
    }

    [Fact]
    public async Task Every_model_is_written_with_the_fields_go_writes_and_no_other()
    {
        var time = new FakeTimeProvider(TestJobs.Now);
        var channel = new ResultChannel(TestJobs.Defender(), TestJobs.DefaultFilter(), time);
        var asset = new Asset("host.contoso.com", "10.0.0.1") { CloudService = "defender", CloudId = "m1" };
        var risk = TestJobs.Cve("host.contoso.com", 1);
        var integration = new Integration("defender", "contoso.onmicrosoft.com");
        await channel.Emitter.SendAsync(asset, CancellationToken.None);
        await channel.Emitter.SendAsync(new ChariotAttribute("osPlatform", "Windows11", asset), CancellationToken.None);
        await channel.Emitter.SendAsync(risk, CancellationToken.None);
        await channel.Emitter.SendAsync(new ChariotAttribute("cvss", "9.8", risk), CancellationToken.None);
        await channel.Emitter.SendAsync(new ChariotAttribute("tenant", "contoso", integration), CancellationToken.None);
        await channel.Emitter.SendAsync(risk.Proof("proof"u8.ToArray()), CancellationToken.None);
        var problems = new List<string>();
        var types = new HashSet<string>(StringComparer.Ordinal);
        while (channel.Reader.TryRead(out var emitted))
        {
            using var line = System.Text.Json.JsonDocument.Parse(Chariot.Capabilities.Json.ChariotJson.Wrap(((EmittedModel)emitted).Model));
            var type = line.RootElement.GetProperty("type").GetString()!;
            var model = line.RootElement.GetProperty("model");
            types.Add(type);
            problems.AddRange(GoShape.Problems(type, model, TabulariumCases.GoFields));
            if (type == "attribute")
            {
                var parent = model.GetProperty("parent");
                types.Add(parent.GetProperty("type").GetString()!);
                problems.AddRange(GoShape.Problems(parent.GetProperty("type").GetString()!, parent.GetProperty("model"), TabulariumCases.GoFields));
            }
        }

        Assert.Equal(["asset", "attribute", "file", "integration", "risk"], types.Order(StringComparer.Ordinal));
        Assert.Empty(problems);
    }

    public static TheoryData<string, string> AttributeKeys => TabulariumCases.Of("attributeKeys");

    public static TheoryData<string, string> JobKeys => TabulariumCases.Of("jobKeys");

    public static TheoryData<string, string> TimeToLive => TabulariumCases.Of("timeToLive");

    [Theory]
    [MemberData(nameof(Assets))]
    public void Asset_dns_name_and_key(string from, string json)
    {
        var item = TabulariumCases.Parse(json);

        var asset = new Asset(TabulariumCases.Text(item.GetProperty("dns")), TabulariumCases.Text(item.GetProperty("name")));

        Assert.False(string.IsNullOrEmpty(from));
        Assert.Equal(TabulariumCases.Text(item.GetProperty("expectDns")), asset.Dns);
        Assert.Equal(TabulariumCases.Text(item.GetProperty("expectName")), asset.Name);
        Assert.Equal(TabulariumCases.Text(item.GetProperty("expectKey")), asset.Key);
    }

    [Theory]
    [MemberData(nameof(PublicSuffixes))]
    public void Public_suffix_as_go_answers(string from, string json)
    {
        var item = TabulariumCases.Parse(json);

        var (suffix, icann) = Chariot.Capabilities.Models.PublicSuffix.PublicSuffixList.PublicSuffix(TabulariumCases.Text(item.GetProperty("domain")));

        Assert.False(string.IsNullOrEmpty(from));
        Assert.Equal(
            (TabulariumCases.Text(item.GetProperty("expectSuffix")), item.GetProperty("expectIcann").GetBoolean()),
            (suffix, icann));
    }

    [Theory]
    [MemberData(nameof(AssetClasses))]
    public void Asset_class_and_privacy(string from, string json)
    {
        var item = TabulariumCases.Parse(json);

        var asset = new Asset(TabulariumCases.Text(item.GetProperty("dns")), TabulariumCases.Text(item.GetProperty("name")))
        {
            Source = Enum.Parse<ModelSource>(TabulariumCases.Text(item.GetProperty("source")), ignoreCase: true),
        };

        Assert.False(string.IsNullOrEmpty(from));
        Assert.Equal(TabulariumCases.Text(item.GetProperty("expectClass")), asset.Class);
        Assert.Equal(item.GetProperty("expectPrivate").GetBoolean(), asset.Private);
    }

    [Theory]
    [MemberData(nameof(Risks))]
    public void Risk_name_title_and_key(string from, string json)
    {
        var item = TabulariumCases.Parse(json);

        var risk = new Risk(TabulariumCases.Text(item.GetProperty("dns")), TabulariumCases.Text(item.GetProperty("name")), RiskStatus.Triage(Severity.Info));

        Assert.False(string.IsNullOrEmpty(from));
        Assert.Equal(TabulariumCases.Text(item.GetProperty("expectName")), risk.Name);
        Assert.Equal(TabulariumCases.Text(item.GetProperty("expectTitle")), risk.Title);
        Assert.Equal(TabulariumCases.Text(item.GetProperty("expectKey")), risk.Key);
    }

    [Theory]
    [MemberData(nameof(AttributeKeys))]
    public void Attribute_key(string from, string json)
    {
        var item = TabulariumCases.Parse(json);
        var parentKey = TabulariumCases.Text(item.GetProperty("parentKey"));

        var key = ModelKeys.Attribute(TabulariumCases.Text(item.GetProperty("name")), TabulariumCases.Text(item.GetProperty("value")), parentKey);

        Assert.False(string.IsNullOrEmpty(from));
        Assert.EndsWith(parentKey, key, StringComparison.Ordinal);
        AssertKey(item, key);
    }

    [Theory]
    [MemberData(nameof(JobKeys))]
    public void Job_key(string from, string json)
    {
        var item = TabulariumCases.Parse(json);

        var key = ModelKeys.Job(
            TabulariumCases.Text(item.GetProperty("group")),
            TabulariumCases.Text(item.GetProperty("identifier")),
            TabulariumCases.Text(item.GetProperty("capability")));

        Assert.False(string.IsNullOrEmpty(from));
        AssertKey(item, key);
    }

    [Theory]
    [MemberData(nameof(TimeToLive))]
    public async Task Default_time_to_live(string from, string json)
    {
        var item = TabulariumCases.Parse(json);
        var time = new FakeTimeProvider(TestJobs.Now);
        var channel = new ResultChannel(TestJobs.Defender(), TestJobs.DefaultFilter(), time);
        var asset = new Asset("a.contoso.com", "a.contoso.com");
        var risk = TestJobs.Cve("a.contoso.com", 1);
        var integration = new Integration("defender", "contoso.onmicrosoft.com");
        await channel.Emitter.SendAsync(asset, CancellationToken.None);
        await channel.Emitter.SendAsync(risk, CancellationToken.None);
        await channel.Emitter.SendAsync(new ChariotAttribute("os", "Windows11", integration), CancellationToken.None);
        var sent = new List<ChariotModel>();
        while (channel.Reader.TryRead(out var emitted))
        {
            sent.Add(((EmittedModel)emitted).Model);
        }

        var attribute = (ChariotAttribute)sent[2];
        TimedModel model = item.GetProperty("model").GetString() switch
        {
            "asset" => (Asset)sent[0],
            "risk" => (Risk)sent[1],
            "attribute" => attribute,
            "integration" => (Integration)attribute.Parent,
            var other => throw new InvalidDataException(other),
        };

        var days = item.GetProperty("days").GetInt32();
        Assert.False(string.IsNullOrEmpty(from));
        Assert.Equal(days == 0 ? 0 : TestJobs.Now.AddDays(days).ToUnixTimeSeconds(), model.Ttl);
    }

    private static void AssertKey(System.Text.Json.JsonElement item, string key)
    {
        if (TabulariumCases.Optional(item, "expectKey") is { } expected)
        {
            Assert.Equal(expected, key);
        }

        if (item.TryGetProperty("expectKeyBytes", out var bytes))
        {
            Assert.Equal(bytes.GetInt32(), TabulariumCases.Utf8Length(key));
        }
    }
}
