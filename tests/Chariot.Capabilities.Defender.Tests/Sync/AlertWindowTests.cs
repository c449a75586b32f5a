using Chariot.Capabilities.Defender.Alerts;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Testing.Recording;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Tests.Sync;

/// <summary>
/// The alert listing against each way alerts_v2 was seen to page (issue 8): at 1,000 a page, oldest change first by a
/// lastUpdateDateTime window, every alert version handled exactly once, whatever the nextLinks, the order or the ties.
/// </summary>
[Collection(DrivenClock.Alone)]
public sealed class AlertWindowTests
{
    private static readonly DateTimeOffset End = DefenderHarness.Start.AddMinutes(-30);

    public static TheoryData<string> Behaviours => ["documented", "no-next-link", "orderby-refused", "orderby-ignored", "no-count"];

    private static GraphAlertsBehaviour Behaviour(string name, int pageSize = 1000) => name switch
    {
        "documented" => GraphAlertsBehaviour.Documented with { MaxPageSize = pageSize },
        "no-next-link" => GraphAlertsBehaviour.NoNextLink with { MaxPageSize = pageSize },
        "orderby-refused" => GraphAlertsBehaviour.NoNextLink with { MaxPageSize = pageSize, OrderBy = AlertOrdering.Refused },
        "orderby-ignored" => GraphAlertsBehaviour.NoNextLink with { MaxPageSize = pageSize, OrderBy = AlertOrdering.Ignored },
        "no-count" => GraphAlertsBehaviour.NoNextLink with { MaxPageSize = pageSize, AnswersCount = false },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static DefenderHarness Tenant(GraphAlertsBehaviour behaviour) => new(time => new FakeDefenderTenantOptions
    {
        TimeProvider = time,
        Size = new FakeTenantSize(Devices: 5, Alerts: 0, VulnerabilityRows: 10, CveCatalogue: 5),
        GraphAlerts = behaviour,
        RateLimits = Testing.Throttling.FakeRateLimits.Off,
    });

    private static FakeAlert Alert(string id, DateTimeOffset updated, string status = "new") =>
        new(id, $"Window detection {id}", "medium", status, "microsoftDefenderForEndpoint", updated.AddHours(-1), updated);

    /// <summary>
    /// 4,500 alerts: 1,200 in groups of 7 sharing a time (so pages end inside a group), then 2,500 sharing one time (more
    /// than two pages of it), then 800 in groups of 3; every 50th is resolved, each its own detection.
    /// </summary>
    private static List<FakeAlert> Crowd()
    {
        var alerts = new List<FakeAlert>();
        for (var i = 0; i < 1200; i++)
        {
            alerts.Add(Alert($"g7-{i:0000}", End.AddHours(-3).AddSeconds(i / 7)));
        }

        for (var i = 0; i < 2500; i++)
        {
            alerts.Add(Alert($"tie-{i:0000}", End.AddHours(-2)));
        }

        for (var i = 0; i < 800; i++)
        {
            alerts.Add(Alert($"g3-{i:0000}", End.AddHours(-1).AddSeconds(i / 3)));
        }

        return [.. alerts.Select((a, i) => i % 50 == 0 ? a with { Status = "resolved" } : a)];
    }

    // The listing's requests: every alerts_v2 call but the credential check ($top=1, no filter).
    private static List<RecordedRequest> Listing(DefenderHarness harness) =>
        [.. harness.Tenant.Requests.To(FakeEndpoint.GraphAlerts).Where(r => r.Query.ContainsKey("$filter"))];

    private static void AddAll(DefenderHarness harness, IEnumerable<FakeAlert> alerts)
    {
        foreach (var alert in alerts)
        {
            harness.Tenant.AddAlert(alert);
        }
    }

    [Theory]
    [MemberData(nameof(Behaviours))]
    public async Task Every_alert_is_sent_exactly_once_at_a_thousand_a_page_ties_across_page_boundaries_included(string behaviour)
    {
        var harness = Tenant(Behaviour(behaviour));
        var crowd = Crowd();
        AddAll(harness, crowd);

        var result = (await harness.InvokeAsync()).Succeeded();

        var ids = result.AlertIds;
        Assert.Equal(crowd.Count, ids.Count);
        Assert.Equal(crowd.Select(a => a.Id).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.All(Listing(harness), r => Assert.Equal("1000", r.Query["$top"]));

        // ceil(4,500 / 1,000) pages. A refused or ignored $orderby costs the one call that showed it. Without a count
        // the alerts sharing the time a page ended on are read again rather than skipped (at most one call per boundary;
        // here the four boundaries cost one in all), and the last page ends the listing by being short.
        var expected = behaviour is "orderby-refused" or "orderby-ignored" or "no-count" ? 5 + 1 : 5;
        Assert.Equal(expected, Listing(harness).Count);
        Assert.Equal(crowd.Count, result.Context.Summary.Stream("alerts").Emitted + result.Context.Summary.Stream("alerts").Filtered);
    }

    [Theory]
    [MemberData(nameof(Behaviours))]
    public async Task Later_syncs_send_each_changed_version_once_and_nothing_else(string behaviour)
    {
        var harness = Tenant(Behaviour(behaviour, pageSize: 10));
        AddAll(harness, Enumerable.Range(0, 45).Select(i => Alert($"s-{i:00}", End.AddMinutes(-i / 4))));
        var first = (await harness.InvokeAsync()).Succeeded();
        Assert.Equal(45, first.AlertIds.Distinct().Count());

        // Changes between syncs: some share one time, one lands exactly on the last checkpoint's time.
        harness.Time.Advance(TimeSpan.FromHours(1));
        var at = harness.Time.GetUtcNow().AddMinutes(-20);
        string[] changed = ["s-03", "s-17", "s-18", "s-40"];
        foreach (var id in changed)
        {
            harness.Tenant.UpdateAlert(id, a => a with { Status = "inProgress", LastUpdateDateTime = at });
        }

        harness.Tenant.AddAlert(Alert("s-new", harness.SavedAlertCheckpoint().Time));
        var second = (await harness.InvokeAsync()).Succeeded();
        var third = (await harness.InvokeAsync()).Succeeded();

        Assert.Equal([.. changed, "s-new"], second.AlertIds.Order(StringComparer.Ordinal));
        Assert.Empty(third.AlertIds);
    }

    [Theory]
    [MemberData(nameof(Behaviours))]
    public async Task Alerts_updated_between_two_pages_of_one_sync_are_neither_lost_nor_sent_twice(string behaviour)
    {
        var harness = Tenant(Behaviour(behaviour, pageSize: 10));
        AddAll(harness, Enumerable.Range(0, 60).Select(i => Alert($"u-{i:00}", End.AddMinutes(-60 + (i / 3)))));

        // Before the third page, alerts change (Graph stamps them now): oldest first, u-03 is on a page already read,
        // u-18 ends the second page sharing its time with u-19 and u-20 (the third page would skip two of that time),
        // and the other two are not read yet.
        string[] changed = ["u-03", "u-18", "u-44", "u-58"];
        harness.Tenant.Faults.BeforeCall(FakeEndpoint.GraphAlerts, 1 + 3, () =>
        {
            harness.Time.Advance(TimeSpan.FromSeconds(1));
            foreach (var id in changed)
            {
                harness.Tenant.UpdateAlert(id, a => a with { Status = "resolved" });
            }
        });
        var first = (await harness.InvokeAsync()).Succeeded();
        harness.Time.Advance(TimeSpan.FromHours(1));
        var second = (await harness.InvokeAsync()).Succeeded();

        var firstIds = first.AlertIds;
        var secondIds = second.AlertIds;
        Assert.Equal(firstIds.Count, firstIds.Distinct().Count());

        // Every alert reaches Chariot; a change made during a sync is sent by the next one, once.
        Assert.Equal(60, firstIds.Union(secondIds).Count());
        Assert.Equal(changed, secondIds.Order(StringComparer.Ordinal));
        Assert.All(changed, id => Assert.Equal(RiskState.Remediated, Assert.Single(second.Risks, r => r.Name == $"window-detection-{id}").Status.State));
        Assert.Equal(56, firstIds.Except(changed).Count());
    }

    [Theory]
    [InlineData("documented", 1)]
    [InlineData("documented", 3)]
    [InlineData("no-next-link", 1)]
    [InlineData("no-next-link", 2)]
    [InlineData("no-next-link", 4)]
    [InlineData("no-count", 3)]
    public async Task A_sync_stopped_after_any_page_resumes_there_and_loses_nothing(string behaviour, int pagesRead)
    {
        var harness = Tenant(Behaviour(behaviour, pageSize: 10));
        DateTimeOffset Updated(int i) => End.AddMinutes(-60 + (i / 3));
        AddAll(harness, Enumerable.Range(0, 47).Select(i => Alert($"r-{i:00}", Updated(i), i % 9 == 4 ? "resolved" : "new")));

        // The credential check is call 1; page n is call n + 1. The consent is withdrawn before the next page.
        harness.Tenant.Faults.OnCall(FakeEndpoint.GraphAlerts, 1 + pagesRead + 1, Fault.Forbidden());
        var stopped = await harness.InvokeAsync();
        var stoppedIds = stopped.AlertIds;
        var progress = harness.SavedAlertCheckpoint();
        harness.Tenant.Requests.Clear();
        var resumed = (await harness.InvokeAsync()).Succeeded();
        var resumedIds = resumed.AlertIds;

        // The saved progress stands at the page before the last one read: the last one's count confirmed the window it
        // moved to. The next sync starts there.
        var confirmed = pagesRead - 1;
        if (confirmed > 0)
        {
            Assert.True(progress.Time >= Updated((confirmed * 10) - 1), $"progress stayed at {progress.Time:o}");
        }

        Assert.StartsWith($"lastUpdateDateTime ge {Api.ODataLiteral.DateTime(progress.Time)} ", Listing(harness)[0].Query["$filter"], StringComparison.Ordinal);

        Assert.IsType<CapabilityException>(stopped.Failure);
        Assert.Contains("(403)", stopped.Failure!.Message, StringComparison.Ordinal);
        Assert.True(stoppedIds.Count >= pagesRead * 10 - 6, $"{stoppedIds.Count} alerts were handled before the stop");
        Assert.Equal(47, stoppedIds.Count + resumedIds.Count);
        Assert.Equal(47, stoppedIds.Union(resumedIds).Count());

        // The resolved alerts held back when the sync stopped were carried by the checkpoint and sent by the next sync.
        var resolved = Enumerable.Range(0, 47).Where(i => i % 9 == 4).Select(i => $"window-detection-r-{i:00}").ToHashSet();
        Assert.All(resumed.Risks.Concat(stopped.Risks).Where(r => resolved.Contains(r.Name)), r => Assert.Equal(RiskState.Remediated, r.Status.State));
        Assert.Equal(resolved.Count, resumed.Risks.Concat(stopped.Risks).Count(r => resolved.Contains(r.Name)));
        Assert.NotNull(progress.Held);
        Assert.Null(harness.SavedAlertCheckpoint().Held);
    }

    [Fact]
    public async Task Progress_stops_carrying_held_alerts_past_a_megabyte_and_the_sync_still_loses_nothing()
    {
        // Every fifth alert is resolved and held back until the end; each names 50 devices, so its proof is a few KB.
        // Progress is saved while the held alerts stay under 1 MB, then no more: a checkpoint stays small however many
        // resolved alerts a first sync meets.
        var harness = Tenant(Behaviour("no-next-link", pageSize: 50));
        harness.Config[DefenderKeys.StaleDays] = "0"; // the 50 devices are not the tenant's: a whole listing places them by name
        var devices = Enumerable.Range(0, 50).Select(d => $"{d:x4}{new string('0', 36)}").ToList();
        AddAll(harness, Enumerable.Range(0, 2000).Select(i => Alert($"big-{i:0000}", End.AddMinutes(-2000 + i), i % 5 == 0 ? "resolved" : "new") with { DeviceIds = devices }));
        harness.Tenant.Faults.OnCall(FakeEndpoint.GraphAlerts, 1 + 38 + 1, Fault.Forbidden());

        var stopped = await harness.InvokeAsync();
        var progress = harness.SavedAlertCheckpoint();
        var resumed = (await harness.InvokeAsync()).Succeeded();

        Assert.IsType<CapabilityException>(stopped.Failure);
        var held = progress.Held!.Sum(h => (long)h.Proof.Length + (h.Comment?.Length ?? 0) + h.Facts.Sum(f => f.Name.Length + f.Value.Length));
        Assert.InRange(held, 512 * 1024, 1024 * 1024);
        Assert.Equal(2000, stopped.AlertIds.Union(resumed.AlertIds).Count());
        Assert.Equal(400, resumed.Risks.Concat(stopped.Risks).Count(r => r.Name.StartsWith("window-detection-big-", StringComparison.Ordinal) && r.Status.State == RiskState.Remediated));
    }

    [Fact]
    public async Task A_detection_that_reopens_after_an_interruption_ends_open()
    {
        var harness = Tenant(Behaviour("no-next-link", pageSize: 5));
        var shared = "Window detection shared";
        AddAll(harness, Enumerable.Range(0, 20).Select(i => Alert($"o-{i:00}", End.AddMinutes(-40 + i))));
        harness.Tenant.AddAlert(Alert("closed-early", End.AddMinutes(-39).AddSeconds(30), "resolved") with { Title = shared });
        harness.Tenant.AddAlert(Alert("open-later", End.AddMinutes(-25), "new") with { Title = shared });
        harness.Tenant.Faults.OnCall(FakeEndpoint.GraphAlerts, 1 + 2 + 1, Fault.Forbidden());

        var stopped = await harness.InvokeAsync();
        var resumed = (await harness.InvokeAsync()).Succeeded();

        Assert.NotNull(stopped.Failure);
        Assert.DoesNotContain(stopped.Risks, r => r.Name == "window-detection-shared");
        Assert.Equal("TM", Assert.Single(resumed.Risks, r => r.Name == "window-detection-shared").Status.Code);
        Assert.Equal(["closed-early", "open-later"], resumed.AlertIds.Where(id => id.Contains('-', StringComparison.Ordinal) && !id.StartsWith("o-", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_change_before_each_late_page_costs_at_most_two_calls_and_the_sync_still_moves_on()
    {
        var harness = Tenant(Behaviour("no-next-link", pageSize: 10));
        AddAll(harness, Enumerable.Range(0, 600).Select(i => Alert($"c-{i:000}", End.AddMinutes(-900 + i))));

        // Before each of pages 40 to 55 one alert not read yet changes and leaves the listing.
        for (var page = 40; page <= 55; page++)
        {
            var id = $"c-{639 - page:000}";
            harness.Tenant.Faults.BeforeCall(FakeEndpoint.GraphAlerts, 1 + page, () =>
            {
                harness.Time.Advance(TimeSpan.FromMilliseconds(1));
                harness.Tenant.UpdateAlert(id, a => a with { Status = "inProgress" });
            });
        }

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.Equal(600 - 16, result.AlertIds.Distinct().Count());
        Assert.InRange(Listing(harness).Count, 60, 60 + (2 * 16));
    }

    [Fact]
    public async Task Max_alerts_never_passes_an_alert_a_shifted_tie_skipped()
    {
        var harness = Tenant(Behaviour("no-next-link", pageSize: 10));
        var tie = End.AddMinutes(-92);
        AddAll(harness, Enumerable.Range(0, 30).Select(i => Alert($"a-{i:00}", i is >= 8 and <= 11 ? tie : End.AddMinutes(-100 + i))));
        harness.Config[DefenderKeys.MaxAlerts] = "15";

        // Page 1 ends on two of the four alerts of one time; one of those two changes before page 2, whose $skip then
        // passes a third one of that time, and max_alerts stops the sync inside page 2.
        harness.Tenant.Faults.BeforeCall(FakeEndpoint.GraphAlerts, 1 + 2, () =>
        {
            harness.Time.Advance(TimeSpan.FromSeconds(1));
            harness.Tenant.UpdateAlert("a-08", a => a with { Status = "inProgress" });
        });
        var sent = new List<string>();
        for (var run = 0; run < 4; run++)
        {
            sent.AddRange((await harness.InvokeAsync()).Succeeded().AlertIds);
            harness.Time.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(30, sent.Distinct().Count());
        Assert.Equal(31, sent.Count); // a-08 twice: before and after its change
    }

    [Fact]
    public async Task An_ignored_orderby_with_max_alerts_loses_nothing()
    {
        var harness = Tenant(Behaviour("orderby-ignored", pageSize: 4));
        AddAll(harness, Enumerable.Range(0, 15).Select(i => Alert($"m-{i:00}", End.AddMinutes(-60 + i))));
        harness.Config[DefenderKeys.MaxAlerts] = "6";

        var sent = new List<string>();
        for (var run = 0; run < 4; run++)
        {
            sent.AddRange((await harness.InvokeAsync()).Succeeded().AlertIds);
        }

        Assert.Equal(15, sent.Count);
        Assert.Equal(15, sent.Distinct().Count());
    }

    [Fact]
    public async Task An_ignored_orderby_whose_newest_page_shares_one_time_loses_nothing_with_next_links()
    {
        var harness = Tenant(Behaviour("documented", pageSize: 10) with { OrderBy = AlertOrdering.Ignored });

        // The ten newest (by creation) were updated at one time, by one bulk change: that page looks ordered.
        AddAll(harness, Enumerable.Range(0, 25).Select(i => new FakeAlert(
            $"n-{i:00}", $"Window detection n-{i:00}", "medium", "new", "microsoftDefenderForEndpoint", End.AddMinutes(-120 + i), i >= 15 ? End.AddMinutes(-1) : End.AddMinutes(-60 + i))));

        var ids = (await harness.InvokeAsync()).Succeeded().AlertIds;

        Assert.Equal(25, ids.Count);
        Assert.Equal(25, ids.Distinct().Count());
    }

    [Fact]
    public async Task Newest_first_two_shifts_in_a_row_lose_nothing()
    {
        var harness = Tenant(Behaviour("orderby-refused", pageSize: 10));
        AddAll(harness, Enumerable.Range(0, 40).Select(i => Alert($"w-{i:00}", End.AddMinutes(-i))));

        // Calls: 1 credentials, 2 refused, 3 to 5 pages at $skip 0, 10 and 20, 6 the third page read again.
        harness.Tenant.Faults.BeforeCall(FakeEndpoint.GraphAlerts, 5, () => Change("w-00"));
        harness.Tenant.Faults.BeforeCall(FakeEndpoint.GraphAlerts, 6, () => Change("w-01"));
        var first = (await harness.InvokeAsync()).Succeeded().AlertIds;
        harness.Time.Advance(TimeSpan.FromHours(1));
        var second = (await harness.InvokeAsync()).Succeeded().AlertIds;

        Assert.Equal(40, first.Union(second).Count());
        Assert.Equal(["w-00", "w-01"], second.Order(StringComparer.Ordinal));

        void Change(string id)
        {
            harness.Time.Advance(TimeSpan.FromSeconds(1));
            harness.Tenant.UpdateAlert(id, a => a with { Status = "inProgress" });
        }
    }

    [Fact]
    public async Task A_sync_that_only_reads_versions_it_has_does_not_send_them_again_later()
    {
        // 25 alerts changed in the last minutes before the first sync: its checkpoint stands at its start less 10 minutes.
        var harness = Tenant(Behaviour("documented", pageSize: 10));
        AddAll(harness, Enumerable.Range(0, 25).Select(i => Alert($"q-{i:00}", DefenderHarness.Start.AddMinutes(-5).AddSeconds(i))));

        var first = (await harness.InvokeAsync()).Succeeded().AlertIds;
        harness.Time.Advance(TimeSpan.FromHours(1));
        var second = (await harness.InvokeAsync()).Succeeded().AlertIds;
        harness.Time.Advance(TimeSpan.FromHours(1));
        var third = (await harness.InvokeAsync()).Succeeded().AlertIds;

        Assert.Equal(25, first.Count);
        Assert.Empty(second);
        Assert.Empty(third);
    }

    [Fact]
    public async Task A_held_alert_that_changes_before_the_sync_resumes_is_sent_in_its_new_state()
    {
        var harness = Tenant(Behaviour("documented", pageSize: 10));
        AddAll(harness, Enumerable.Range(0, 30).Select(i => Alert($"h-{i:00}", End.AddMinutes(-60 + i), i == 2 ? "resolved" : "new")));
        harness.Tenant.Faults.OnCall(FakeEndpoint.GraphAlerts, 1 + 2 + 1, Fault.Forbidden());

        var stopped = await harness.InvokeAsync();
        Assert.NotNull(stopped.Failure);
        Assert.NotNull(harness.SavedAlertCheckpoint().Held);
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        harness.Tenant.UpdateAlert("h-02", a => a with { Classification = "falsePositive" });
        harness.Time.Advance(TimeSpan.FromHours(1));
        var resumed = (await harness.InvokeAsync()).Succeeded();
        var later = (await harness.InvokeAsync()).Succeeded();

        var risk = Assert.Single(resumed.Risks.Concat(later.Risks), r => r.Name == "window-detection-h-02");
        Assert.Equal("DMF", risk.Status.Code);
        Assert.Single(resumed.Attributes, a => a.Name == "defenderAlertId" && a.Value == "h-02");
    }

    [Theory]
    [InlineData("no-next-link")]
    [InlineData("documented")]
    public async Task An_ignored_orderby_whose_first_page_looks_ordered_loses_nothing(string behaviour)
    {
        var harness = Tenant(Behaviour(behaviour, pageSize: 10) with { OrderBy = AlertOrdering.Ignored });

        // The ten newest (by creation) were changed by a bulk action in listing order: newest first, the first page
        // comes in ascending lastUpdateDateTime, though the service does not order by it.
        AddAll(harness, Enumerable.Range(0, 30).Select(i => new FakeAlert(
            $"n-{i:00}", $"Window detection n-{i:00}", "medium", "new", "microsoftDefenderForEndpoint",
            End.AddMinutes(-200 + i), i >= 20 ? End.AddMinutes(-(i - 20) - 11) : End.AddMinutes(-60 + i))));

        var ids = new List<string>();
        for (var run = 0; run < 2; run++)
        {
            ids.AddRange((await harness.InvokeAsync()).Succeeded().AlertIds);
            harness.Time.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(30, ids.Count);
        Assert.Equal(30, ids.Distinct().Count());
        Assert.Single(harness.Logs.GetSnapshot(), l => l.Message.Contains("did not order", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("no-next-link", "0")]
    [InlineData("orderby-ignored", "0")]
    [InlineData("orderby-ignored", "30")]
    public async Task Max_alerts_stopping_in_the_first_page_loses_nothing(string behaviour, string lookback)
    {
        var harness = Tenant(Behaviour(behaviour, pageSize: 10));
        var tie = End.AddMinutes(-100);
        AddAll(harness, Enumerable.Range(0, 12).Select(i => Alert($"t-{i:00}", tie)));
        AddAll(harness, Enumerable.Range(0, 20).Select(i => Alert($"l-{i:00}", End.AddMinutes(-90 + i))));
        harness.Config[DefenderKeys.AlertLookbackDays] = lookback;
        harness.Config[DefenderKeys.MaxAlerts] = "13";

        // Page 1 is ten alerts of one time (oldest first); one of them changes before page 2, whose $skip would pass one.
        harness.Tenant.Faults.BeforeCall(FakeEndpoint.GraphAlerts, 1 + 2, () =>
        {
            harness.Time.Advance(TimeSpan.FromSeconds(1));
            harness.Tenant.UpdateAlert("t-00", a => a with { Status = "inProgress" });
        });
        var sent = new List<string>();
        for (var run = 0; run < 5; run++)
        {
            sent.AddRange((await harness.InvokeAsync()).Succeeded().AlertIds);
            harness.Time.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(32, sent.Distinct().Count());
        Assert.True(sent.Count <= 33, $"{sent.Count} sent"); // t-00 may go twice: before and after its change
    }

    [Theory]
    [InlineData("0")]
    [InlineData("30")]
    public async Task An_ignored_orderby_with_max_alerts_below_a_page_loses_nothing(string lookback)
    {
        // The first page, newest first, is handled before it shows the disorder, and max_alerts stops inside it.
        var harness = Tenant(Behaviour("orderby-ignored", pageSize: 4));
        AddAll(harness, Enumerable.Range(0, 15).Select(i => Alert($"m-{i:00}", End.AddMinutes(-60 + i))));
        harness.Config[DefenderKeys.AlertLookbackDays] = lookback;
        harness.Config[DefenderKeys.MaxAlerts] = "3";

        var sent = new List<string>();
        for (var run = 0; run < 6; run++)
        {
            sent.AddRange((await harness.InvokeAsync()).Succeeded().AlertIds);
        }

        Assert.Equal(15, sent.Count);
        Assert.Equal(15, sent.Distinct().Count());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Changes_while_a_time_longer_than_a_page_is_read_cost_a_call_each_not_the_whole_time(int callsBetweenChanges)
    {
        var harness = Tenant(Behaviour("no-next-link", pageSize: 10));
        var tie = End.AddMinutes(-500);
        AddAll(harness, Enumerable.Range(0, 5).Select(i => Alert($"e-{i:00}", tie.AddMinutes(-10 + i))));
        AddAll(harness, Enumerable.Range(0, 40).Select(i => Alert($"t-{i:00}", tie)));
        AddAll(harness, Enumerable.Range(0, 200).Select(i => Alert($"l-{i:000}", tie.AddMinutes(1 + i))));

        // From the third call on, one of the latest alerts changes (and leaves the listing) before every call, or every third.
        var changed = 0;
        for (var c = 0; c < 100; c++)
        {
            var id = $"l-{199 - c:000}";
            harness.Tenant.Faults.BeforeCall(FakeEndpoint.GraphAlerts, 3 + (callsBetweenChanges * c), () =>
            {
                harness.Time.Advance(TimeSpan.FromMilliseconds(1));
                harness.Tenant.UpdateAlert(id, a => a with { Status = "inProgress" });
                changed++;
            });
        }

        var result = (await harness.DriveAsync(() => harness.InvokeAsync())).Succeeded();
        var calls = Listing(harness).Count;

        Assert.Equal(245 - changed, result.AlertIds.Distinct().Count());
        Assert.Equal(result.AlertIds.Count, result.AlertIds.Distinct().Count());
        Assert.True(calls <= 25 + (2 * changed), $"{calls} calls for {changed} changes");
    }

    [Fact]
    public async Task A_refused_orderby_is_logged_once_and_the_sync_goes_on_newest_first()
    {
        var harness = Tenant(Behaviour("orderby-refused", pageSize: 10));
        AddAll(harness, Enumerable.Range(0, 25).Select(i => Alert($"f-{i:00}", End.AddMinutes(-i))));

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.Equal(25, result.AlertIds.Distinct().Count());
        Assert.Single(harness.Logs.GetSnapshot(), l => l.Message.Contains("refused $orderby", StringComparison.Ordinal));
        var listing = Listing(harness);
        Assert.Equal("lastUpdateDateTime asc", listing[0].Query["$orderby"]);
        Assert.All(listing.Skip(1), r => Assert.False(r.Query.ContainsKey("$orderby")));
        Assert.Equal(["0", "10", "20"], listing.Skip(1).Select(r => r.Query.GetValueOrDefault("$skip") ?? "0"));
    }

    [Fact]
    public async Task Newest_first_with_max_alerts_still_sends_the_oldest_changes_first()
    {
        var harness = Tenant(Behaviour("orderby-refused", pageSize: 4));
        AddAll(harness, Enumerable.Range(0, 15).Select(i => Alert($"m-{i:00}", End.AddMinutes(-60 + i))));
        harness.Config[DefenderKeys.MaxAlerts] = "6";

        var sent = new List<string>();
        for (var run = 0; run < 3; run++)
        {
            var ids = (await harness.InvokeAsync()).Succeeded().AlertIds;
            Assert.Equal(Enumerable.Range(run * 6, Math.Min(6, 15 - (run * 6))).Select(i => $"m-{i:00}"), ids);
            sent.AddRange(ids);
        }

        Assert.Equal(15, sent.Distinct().Count());
    }

    [Fact]
    public async Task The_first_sync_reads_alert_lookback_days_and_0_reads_everything()
    {
        var recent = Tenant(GraphAlertsBehaviour.NoNextLink);
        var everything = Tenant(GraphAlertsBehaviour.NoNextLink);
        foreach (var harness in new[] { recent, everything })
        {
            harness.Tenant.AddAlert(Alert("last-week", End.AddDays(-7)));
            harness.Tenant.AddAlert(Alert("last-year", End.AddDays(-365)));
        }

        recent.Config[DefenderKeys.AlertLookbackDays] = "30";
        everything.Config[DefenderKeys.AlertLookbackDays] = "0";
        var fromRecent = (await recent.InvokeAsync()).Succeeded();
        var fromEverything = (await everything.InvokeAsync()).Succeeded();

        Assert.Equal(["last-week"], fromRecent.AlertIds);
        Assert.StartsWith("lastUpdateDateTime ge 2026-10-02T08:00:00.0000000Z and ", Listing(recent)[0].Query["$filter"], StringComparison.Ordinal);
        Assert.Equal(["last-week", "last-year"], fromEverything.AlertIds.Order(StringComparer.Ordinal));
        Assert.StartsWith("lastUpdateDateTime ge 1970-01-01T00:00:00.0000000Z and ", Listing(everything)[0].Query["$filter"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("30d")]
    [InlineData("3651")]
    public async Task A_malformed_lookback_is_refused_naming_the_key(string value)
    {
        var harness = Tenant(GraphAlertsBehaviour.Documented);
        harness.Config[DefenderKeys.AlertLookbackDays] = value;

        var result = await harness.InvokeAsync();

        var failure = Assert.IsType<CapabilityException>(result.Failure);
        Assert.Equal(CapabilityFailure.Configuration, failure.Failure);
        Assert.Contains("alert_lookback_days", failure.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Tenant.Requests.All);
    }
}
