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

    public static TheoryData<string, string> Cpes => TabulariumCases.Of("cpes");

    public static TheoryData<string, string> Technologies => TabulariumCases.Of("technologies");

    public static TheoryData<string, string> TechnologyKeys => TabulariumCases.Of("technologyKeys");

    public static TheoryData<string, string> Ports => TabulariumCases.Of("ports");

    public static TheoryData<string, string> Relationships => TabulariumCases.Of("relationships");

    [Theory]
    [MemberData(nameof(Cpes))]
    public void Cpe_read_and_bound_as_go_cpe_does(string from, string json)
    {
        var item = TabulariumCases.Parse(json);
        var text = TabulariumCases.Text(item.GetProperty("cpe"));

        Assert.False(string.IsNullOrEmpty(from));
        if (TabulariumCases.Optional(item, "expectError") is { } error)
        {
            var refused = Assert.Throws<FormatException>(() => Cpe.Parse(text));
            Assert.Contains(error, refused.Message, StringComparison.Ordinal);
            return;
        }

        var cpe = Cpe.Parse(text);
        var fields = System.Text.Json.JsonSerializer.SerializeToElement(cpe);
        foreach (var expected in item.GetProperty("expect").EnumerateObject())
        {
            Assert.Equal((expected.Name, expected.Value.GetString()), (expected.Name, fields.GetProperty(expected.Name).GetString()));
        }

        Assert.Equal(TabulariumCases.Text(item.GetProperty("expectString")), cpe.ToString());
    }

    [Theory]
    [MemberData(nameof(Technologies))]
    public void Technology_from_a_cpe(string from, string json)
    {
        var item = TabulariumCases.Parse(json);
        var text = TabulariumCases.Text(item.GetProperty("cpe"));

        Assert.False(string.IsNullOrEmpty(from));
        if (item.TryGetProperty("expectError", out _))
        {
            Assert.Throws<FormatException>(() => new Technology(text));
            return;
        }

        var technology = new Technology(text);
        Assert.Equal(TabulariumCases.Text(item.GetProperty("expectKey")), technology.Key);
        Assert.Equal(item.GetProperty("expectValid").GetBoolean(), technology.KeyProblem() is null);
    }

    [Theory]
    [MemberData(nameof(TechnologyKeys))]
    public void Technology_key_pattern(string from, string json)
    {
        var item = TabulariumCases.Parse(json);

        Assert.False(string.IsNullOrEmpty(from));
        Assert.Equal(item.GetProperty("expectValid").GetBoolean(), ModelKeys.IsValidTechnology(TabulariumCases.Text(item.GetProperty("key"))));
    }

    [Theory]
    [MemberData(nameof(Ports))]
    public void Port_key_and_validity(string from, string json)
    {
        var item = TabulariumCases.Parse(json);
        var asset = new Asset(TabulariumCases.Text(item.GetProperty("dns")), TabulariumCases.Text(item.GetProperty("name")));

        var port = new Port(TabulariumCases.Text(item.GetProperty("protocol")), item.GetProperty("port").GetInt32(), asset);

        Assert.False(string.IsNullOrEmpty(from));
        Assert.Equal(item.GetProperty("expectValid").GetBoolean(), port.KeyProblem() is null);
        if (TabulariumCases.Optional(item, "expectKey") is { } key)
        {
            Assert.Equal(key, port.Key);
            Assert.Equal(asset.Key, port.Source);
        }
    }

    [Theory]
    [MemberData(nameof(Relationships))]
    public void Relationship_key(string from, string json)
    {
        var item = TabulariumCases.Parse(json);
        var asset = new Asset(TabulariumCases.Text(item.GetProperty("dns")), TabulariumCases.Text(item.GetProperty("name")));

        var relationship = TabulariumCases.Text(item.GetProperty("label")) == Relationship.HasPortLabel
            ? Relationship.HasPort(asset, new Port(TabulariumCases.Text(item.GetProperty("protocol")), item.GetProperty("port").GetInt32(), asset))
            : Relationship.HasTechnology(asset, new Technology(TabulariumCases.Text(item.GetProperty("cpe"))));

        Assert.False(string.IsNullOrEmpty(from));
        Assert.Equal(TabulariumCases.Text(item.GetProperty("expectKey")), relationship.Key);
        Assert.Null(relationship.KeyProblem());
    }

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
        var port = new Port("tcp", 443, asset) { Service = "https" };
        var technology = new Technology("cpe:2.3:a:apache:http_server:2.4.50:*:*:*:*:*:*:*");
        Assert.True(await channel.Emitter.SendAsync(port, CancellationToken.None));
        Assert.True(await channel.Emitter.SendAsync(technology, CancellationToken.None));
        Assert.True(await channel.Emitter.SendAsync(Relationship.HasPort(asset, port), CancellationToken.None));
        Assert.True(await channel.Emitter.SendAsync(Relationship.HasTechnology(asset, technology), CancellationToken.None));
        var problems = new List<string>();
        var types = new HashSet<string>(StringComparer.Ordinal);
        while (channel.Reader.TryRead(out var emitted))
        {
            using var line = System.Text.Json.JsonDocument.Parse(Chariot.Capabilities.Json.ChariotJson.Wrap(emitted.Model!));
            var type = line.RootElement.GetProperty("type").GetString()!;
            var model = line.RootElement.GetProperty("model");
            types.Add(type);
            problems.AddRange(GoShape.Problems(type, model, TabulariumCases.GoFields));
            foreach (var end in (string[])["parent", "source", "target"])
            {
                if (type is "attribute" or "port" or "relationship" && model.TryGetProperty(end, out var wrapped) && wrapped.ValueKind == System.Text.Json.JsonValueKind.Object)
                {
                    types.Add(wrapped.GetProperty("type").GetString()!);
                    problems.AddRange(GoShape.Problems(wrapped.GetProperty("type").GetString()!, wrapped.GetProperty("model"), TabulariumCases.GoFields).Select(p => $"{type}.{end}: {p}"));
                }
            }
        }

        Assert.Equal(["asset", "attribute", "file", "integration", "port", "relationship", "risk", "technology"], types.Order(StringComparer.Ordinal));
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
            sent.Add(emitted.Model!);
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
