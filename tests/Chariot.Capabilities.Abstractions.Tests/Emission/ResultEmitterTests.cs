using Chariot.Capabilities.Emission;
using Chariot.Capabilities.Filtering;
using Chariot.Capabilities.Json;
using Chariot.Capabilities.Models;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Chariot.Capabilities.Tests.Emission;

public sealed class ResultEmitterTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(TestJobs.Now);

    private static List<ChariotModel> Drain(ResultChannel channel)
    {
        var models = new List<ChariotModel>();
        while (channel.Reader.TryRead(out var item))
        {
            if (item.Model is { } model)
            {
                models.Add(model);
            }
        }

        return models;
    }

    [Fact]
    public async Task Sender_waits_while_the_host_is_behind()
    {
        var channel = new ResultChannel(TestJobs.Defender(), TestJobs.DefaultFilter(), _time, capacity: 1);

        await channel.Emitter.SendAsync(new Asset("a.contoso.com", "20.0.0.1"), CancellationToken.None);
        var second = channel.Emitter.SendAsync(new Asset("b.contoso.com", "20.0.0.2"), CancellationToken.None).AsTask();

        Assert.False(second.IsCompleted);
        Assert.True(channel.Reader.TryRead(out _));
        Assert.True(await second.WaitAsync(Bound));
        Assert.Equal(2, channel.Emitter.Counts.Assets);
    }

    [Fact]
    public async Task A_waiting_sender_stops_when_cancelled()
    {
        var channel = new ResultChannel(TestJobs.Defender(), TestJobs.DefaultFilter(), _time, capacity: 1);
        await channel.Emitter.SendAsync(new Asset("a.contoso.com", "20.0.0.1"), CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = channel.Emitter.SendAsync(new Asset("b.contoso.com", "20.0.0.2"), cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Bound));
    }

    [Fact]
    public async Task Every_asset_and_risk_goes_through_the_filter()
    {
        var filter = Substitute.For<IFilter>();
        var anyAsset = Arg.Any<Asset>();
        filter.DropAsset(ref anyAsset).Returns(false);
        var anyRisk = Arg.Any<Risk>();
        filter.DropRisk(ref anyRisk).Returns(true);
        var channel = new ResultChannel(TestJobs.Defender(), filter, _time);

        Assert.True(await channel.Emitter.SendAsync(new Asset("a.contoso.com", "20.0.0.1"), CancellationToken.None));
        Assert.False(await channel.Emitter.SendAsync(TestJobs.Cve("a.contoso.com", 1), CancellationToken.None));

        var sent = Assert.Single(Drain(channel));
        Assert.IsType<Asset>(sent);
        filter.ReceivedWithAnyArgs(1).DropAsset(ref anyAsset);
        filter.ReceivedWithAnyArgs(1).DropRisk(ref anyRisk);
        Assert.Equal(1, channel.Emitter.Counts.RisksFiltered);
    }

    [Fact]
    public async Task A_filter_may_replace_what_it_is_given()
    {
        var channel = new ResultChannel(TestJobs.Defender(), new TaggingFilter(), _time);

        await channel.Emitter.SendAsync(new Asset("a.contoso.com", "20.0.0.1"), CancellationToken.None);

        var asset = Assert.IsType<Asset>(Assert.Single(Drain(channel)));
        Assert.Equal(["filtered"], asset.Tags);
    }

    [Fact]
    public async Task Unset_fields_get_tabulariums_defaults()
    {
        var channel = new ResultChannel(TestJobs.Defender(), TestJobs.DefaultFilter(), _time);

        await channel.Emitter.SendAsync(new Asset("a.contoso.com", "20.0.0.1"), CancellationToken.None);
        await channel.Emitter.SendAsync(TestJobs.Cve("a.contoso.com", 1) with { Created = TestJobs.Now.AddDays(-3) }, CancellationToken.None);
        await channel.Emitter.SendAsync(new ChariotFile("definitions/CVE-2024-1"), CancellationToken.None);

        var models = Drain(channel);
        var asset = Assert.IsType<Asset>(models[0]);
        var risk = Assert.IsType<Risk>(models[1]);
        var file = Assert.IsType<ChariotFile>(models[2]);
        Assert.Equal("analyst@example.com", asset.Username);
        Assert.Equal(TestJobs.Now, asset.Created);
        Assert.Equal(TestJobs.Now, asset.Visited);
        Assert.Equal(TestJobs.Now.AddDays(30).ToUnixTimeSeconds(), asset.Ttl);
        Assert.Equal(TestJobs.Now.AddDays(30).ToUnixTimeSeconds(), risk.Ttl);
        Assert.Equal(TestJobs.Now.AddDays(-3), risk.Created);
        Assert.Equal(TestJobs.Now, risk.Updated);
        Assert.Equal(TestJobs.Now, file.Updated);
        Assert.Equal("analyst@example.com", file.Username);
    }

    [Fact]
    public async Task An_attribute_carries_its_parent_exactly_as_the_parent_was_sent()
    {
        // Issue 10.7: a parent with empty timestamps and ttl 0 reads back in tabularium as a permanent record.
        var channel = new ResultChannel(TestJobs.Defender(), TestJobs.DefaultFilter(), _time);
        var asset = new Asset("a.contoso.com", "a.contoso.com");
        var risk = TestJobs.Cve("a.contoso.com", 1);

        await channel.Emitter.SendAsync(asset, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        await channel.Emitter.SendAsync(new ChariotAttribute("osPlatform", "Windows11", asset), CancellationToken.None);
        await channel.Emitter.SendAsync(risk, CancellationToken.None);
        await channel.Emitter.SendAsync(new ChariotAttribute("cvss", "9.8", risk), CancellationToken.None);

        var models = Drain(channel);
        var sentAsset = Assert.IsType<Asset>(models[0]);
        var sentRisk = Assert.IsType<Risk>(models[2]);
        Assert.Same(sentAsset, Assert.IsType<ChariotAttribute>(models[1]).Parent);
        Assert.Same(sentRisk, Assert.IsType<ChariotAttribute>(models[3]).Parent);
        Assert.Equal(TestJobs.Now, sentAsset.Created);
        Assert.NotEqual(0, sentRisk.Ttl);
        Assert.NotNull(sentRisk.Updated);
    }

    [Fact]
    public async Task A_parent_not_just_sent_gets_the_defaults_it_would_have_been_sent_with()
    {
        var channel = new ResultChannel(TestJobs.Defender(), TestJobs.DefaultFilter(), _time);
        var risk = TestJobs.Cve("a.contoso.com", 1);
        var integration = new Integration("defender", "contoso.onmicrosoft.com");

        await channel.Emitter.SendAsync(new ChariotAttribute("cvss", "9.8", risk), CancellationToken.None);
        await channel.Emitter.SendAsync(new ChariotAttribute("note", "x", integration), CancellationToken.None);

        var models = Drain(channel);
        var riskParent = Assert.IsType<Risk>(Assert.IsType<ChariotAttribute>(models[0]).Parent);
        Assert.Equal("analyst@example.com", riskParent.Username);
        Assert.Equal(TestJobs.Now, riskParent.Created);
        Assert.Equal(TestJobs.Now, riskParent.Visited);
        Assert.Equal(TestJobs.Now, riskParent.Updated);
        Assert.Equal(TestJobs.Now.AddDays(30).ToUnixTimeSeconds(), riskParent.Ttl);
        var integrationParent = Assert.IsType<Integration>(Assert.IsType<ChariotAttribute>(models[1]).Parent);
        Assert.Equal(TestJobs.Now, integrationParent.Created);
        Assert.Equal(0, integrationParent.Ttl); // permanent, as tabularium's Integration.Defaulted leaves it
    }

    [Fact]
    public async Task Attributes_of_a_dropped_parent_are_dropped()
    {
        var channel = new ResultChannel(TestJobs.Defender(), TestJobs.DefaultFilter(), _time);
        var bad = new Asset("", "20.0.0.1");
        var good = new Asset("a.contoso.com", "20.0.0.1");

        await channel.Emitter.SendAsync(bad, CancellationToken.None);
        await channel.Emitter.SendAsync(good, CancellationToken.None);
        Assert.False(await channel.Emitter.SendAsync(new ChariotAttribute("os", "Windows10", bad), CancellationToken.None));
        Assert.True(await channel.Emitter.SendAsync(new ChariotAttribute("os", "Windows10", good), CancellationToken.None));

        Assert.Equal(2, Drain(channel).Count);
        Assert.Equal(1, channel.Emitter.Counts.AttributesFiltered);
    }

    [Fact]
    public async Task Ports_and_relationships_of_an_asset_the_filter_dropped_are_dropped()
    {
        var filter = Substitute.For<IFilter>();
        var anyAsset = Arg.Any<Asset>();
        filter.DropAsset(ref anyAsset).Returns(call => call.ArgAt<Asset>(0).Dns == "dropped.contoso.com");
        var channel = new ResultChannel(TestJobs.Defender(), filter, _time);
        var dropped = new Asset("dropped.contoso.com", "20.0.0.1");
        var kept = new Asset("kept.contoso.com", "20.0.0.2");
        var technology = new Technology("cpe:2.3:a:apache:http_server:2.4.50:*:*:*:*:*:*:*");

        Assert.False(await channel.Emitter.SendAsync(dropped, CancellationToken.None));
        Assert.True(await channel.Emitter.SendAsync(kept, CancellationToken.None));
        var droppedPort = new Port("tcp", 443, dropped);
        var keptPort = new Port("tcp", 443, kept);

        Assert.False(await channel.Emitter.SendAsync(droppedPort, CancellationToken.None));
        Assert.False(await channel.Emitter.SendAsync(Relationship.HasPort(dropped, droppedPort), CancellationToken.None));
        Assert.False(await channel.Emitter.SendAsync(Relationship.HasTechnology(dropped, technology), CancellationToken.None));
        Assert.False(await channel.Emitter.SendAsync(new Port("tcp", 0, kept), CancellationToken.None));
        Assert.True(await channel.Emitter.SendAsync(keptPort, CancellationToken.None));
        Assert.True(await channel.Emitter.SendAsync(technology, CancellationToken.None));
        Assert.True(await channel.Emitter.SendAsync(Relationship.HasPort(kept, keptPort), CancellationToken.None));

        var sent = Drain(channel);
        Assert.Equal(["asset", "port", "technology", "relationship"], sent.Select(m => m.TypeName));
        var relationship = Assert.IsType<Relationship>(sent[3]);
        // The ends as they were sent (the emitter keeps the last few sent by reference; a parent it no longer holds is
        // stamped the same way again, so the line is the same either way).
        Assert.Equal(ChariotJson.Wrap(sent[1]), ChariotJson.Wrap(relationship.Target));
        Assert.Equal(ChariotJson.Wrap(sent[0]), ChariotJson.Wrap(relationship.Source));
        Assert.Equal(TestJobs.Now, relationship.Created);
        Assert.Equal(TestJobs.Now.AddDays(30).ToUnixTimeSeconds(), ((Port)sent[1]).Ttl);
    }

    [Fact]
    public void Ports_technologies_and_relationships_are_read_back_from_their_lines()
    {
        var asset = new Asset("kept.contoso.com", "20.0.0.2");
        var port = new Port("tcp", 443, asset) { Service = "https" };
        var technology = new Technology("cpe:2.3:a:apache:http_server:2.4.50:*:*:*:*:*:*:*");

        foreach (ChariotModel model in (ChariotModel[])[port, technology, Relationship.HasPort(asset, port), Relationship.HasTechnology(asset, technology)])
        {
            var back = ChariotJson.Unwrap(ChariotJson.Wrap(model));

            Assert.Equal(model.TypeName, back.TypeName);
            Assert.Equal(model.Key, back.Key);
        }
    }

    [Fact]
    public async Task Attributes_of_a_parent_sent_before_its_duplicate_still_go()
    {
        var channel = new ResultChannel(TestJobs.Defender(), TestJobs.DefaultFilter(), _time);
        var risk = TestJobs.Cve("a.contoso.com", 1);

        Assert.True(await channel.Emitter.SendAsync(risk, CancellationToken.None));
        Assert.False(await channel.Emitter.SendAsync(risk, CancellationToken.None));

        Assert.True(await channel.Emitter.SendAsync(new ChariotAttribute("alert", "da6375", risk), CancellationToken.None));
        Assert.Equal(2, Drain(channel).Count);
    }

    [Fact]
    public async Task Concurrent_senders_share_one_filter_safely()
    {
        var channel = new ResultChannel(TestJobs.Defender(), TestJobs.DefaultFilter(), _time, capacity: 10_000);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                await channel.Emitter.SendAsync(TestJobs.Cve("a.contoso.com", i), CancellationToken.None);
            }
        })));

        Assert.Equal(500, channel.Emitter.Counts.Risks);
        Assert.Equal(3500, channel.Emitter.Counts.RisksFiltered);
        Assert.Equal(500, Drain(channel).Select(m => m.Key).Distinct().Count());
    }

    private sealed class TaggingFilter : IFilter
    {
        public bool DropAsset(ref Asset asset)
        {
            asset = asset with { Tags = ["filtered"] };
            return false;
        }

        public bool DropRisk(ref Risk risk) => false;
    }

    [Fact]
    public async Task A_model_made_with_the_stamp_is_sent_as_it_is_and_gives_the_line_of_one_filled_in_by_the_emitter()
    {
        var channel = new ResultChannel(TestJobs.Defender(), TestJobs.DefaultFilter(), _time);
        var stamp = channel.Emitter.StampNow();
        var risk = new Risk("a.contoso.com", "CVE-2024-0001", RiskStatus.Triage(Severity.High))
        {
            Username = stamp.Username, Created = stamp.Now, Visited = stamp.Now, Updated = stamp.Now, Ttl = stamp.Ttl,
        };
        var fact = new ChariotAttribute("source", "defender", risk) { Username = stamp.Username, Created = stamp.Now, Visited = stamp.Now, Ttl = stamp.Ttl };
        var plainRisk = new Risk("b.contoso.com", "CVE-2024-0001", RiskStatus.Triage(Severity.High));
        var plainFact = new ChariotAttribute("source", "defender", plainRisk);

        await channel.Emitter.SendAsync(risk, CancellationToken.None);
        await channel.Emitter.SendAsync(fact, CancellationToken.None);
        await channel.Emitter.SendAsync(plainRisk, CancellationToken.None);
        await channel.Emitter.SendAsync(plainFact, CancellationToken.None);

        var sent = Drain(channel);
        Assert.Same(risk, sent[0]);
        Assert.Same(fact, sent[1]);
        Assert.NotSame(plainRisk, sent[2]);
        Assert.NotSame(plainFact, sent[3]);
        Assert.Same(sent[2], ((ChariotAttribute)sent[3]).Parent);
        Assert.Equal(TestJobs.Defender().Username, stamp.Username);
        Assert.Equal(Line(sent[2]).Replace("b.contoso.com", "a.contoso.com", StringComparison.Ordinal), Line(sent[0]));
        Assert.Equal(Line(sent[3]).Replace("b.contoso.com", "a.contoso.com", StringComparison.Ordinal), Line(sent[1]));

        // A risk's guid is drawn at random.
        static string Line(ChariotModel model) =>
            System.Text.RegularExpressions.Regex.Replace(ChariotJson.Wrap(model), "\"guid\":\"[^\"]*\"", "\"guid\":\"\"");
    }

    [Fact]
    public async Task A_model_missing_one_default_of_the_stamp_is_still_filled_in()
    {
        var channel = new ResultChannel(TestJobs.Defender(), TestJobs.DefaultFilter(), _time);
        var stamp = channel.Emitter.StampNow();
        var noUpdated = new Risk("a.contoso.com", "CVE-2024-0001", RiskStatus.Triage(Severity.High))
        {
            Username = stamp.Username, Created = stamp.Now, Visited = stamp.Now, Ttl = stamp.Ttl,
        };
        var noTtl = new Asset("a.contoso.com", "20.0.0.1") { Username = stamp.Username, Created = stamp.Now, Visited = stamp.Now };
        // Its parent is replaced by the stamped copy of the risk, so the attribute is copied too.
        var fact = new ChariotAttribute("source", "defender", noUpdated) { Username = stamp.Username, Created = stamp.Now, Visited = stamp.Now, Ttl = stamp.Ttl };

        // The attribute right after its parent: the emitter remembers the last parents sent in 64 slots chosen by hash, and
        // a model sent between them may take the parent's slot (then the parent is stamped again, an equal line but not the
        // same instance; the asset did, about once in 64 runs).
        await channel.Emitter.SendAsync(noUpdated, CancellationToken.None);
        await channel.Emitter.SendAsync(fact, CancellationToken.None);
        await channel.Emitter.SendAsync(noTtl, CancellationToken.None);

        var sent = Drain(channel);
        Assert.Equal(stamp.Now, Assert.IsType<Risk>(sent[0]).Updated);
        Assert.Equal(stamp.Ttl, Assert.IsType<Asset>(sent[2]).Ttl);
        Assert.Same(sent[0], Assert.IsType<ChariotAttribute>(sent[1]).Parent);
        Assert.NotSame(fact, sent[1]);
    }
}
