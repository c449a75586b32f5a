using Chariot.Capabilities.Defender.Alerts;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Tests.Sync;

[Collection(DrivenClock.Alone)]
public sealed class IncrementalAlertTests
{
    private static readonly DateTimeOffset Tie = DefenderHarness.Start.AddHours(-1);

    private static FakeAlert Alert(string id, DateTimeOffset updated) =>
        new(id, $"Incremental detection {id}", "high", "new", "microsoftDefenderForEndpoint", updated.AddHours(-1), updated);

    private static string[] AlertRisks(RunResult result) =>
        result.Risks.Where(r => r.Name.StartsWith("incremental-detection", StringComparison.Ordinal)).Select(r => r.Name).Order(StringComparer.Ordinal).ToArray();

    private static DefenderHarness QuietTenant(int pageSize = 2000) => new(time => new FakeDefenderTenantOptions
    {
        TimeProvider = time,
        Size = new FakeTenantSize(Devices: 25, Alerts: 0, VulnerabilityRows: 50, CveCatalogue: 10),
        GraphAlerts = GraphAlertsBehaviour.Documented with { MaxPageSize = pageSize },
    });

    [Fact]
    public async Task Alerts_sharing_a_timestamp_are_neither_lost_nor_sent_twice()
    {
        var harness = QuietTenant();
        harness.Tenant.AddAlert(Alert("t-1", Tie));
        harness.Tenant.AddAlert(Alert("t-2", Tie));

        var first = (await harness.InvokeAsync()).Succeeded();
        Assert.Equal(["incremental-detection-t-1", "incremental-detection-t-2"], AlertRisks(first));
        Assert.Equal(Tie, harness.SavedAlertCheckpoint().Time);
        Assert.Equal([new SentAlert("t-1", Tie), new SentAlert("t-2", Tie)], harness.SavedAlertCheckpoint().Sent.OrderBy(s => s.Id, StringComparer.Ordinal));

        harness.Time.Advance(TimeSpan.FromMinutes(30));
        harness.Tenant.AddAlert(Alert("t-3", Tie));
        var second = (await harness.InvokeAsync()).Succeeded();
        Assert.Equal(["incremental-detection-t-3"], AlertRisks(second));
        Assert.Equal(1, second.Context.Summary.Stream("alerts").Emitted);
        Assert.Equal(
            "lastUpdateDateTime ge 2026-11-01T07:00:00.0000000Z and lastUpdateDateTime le 2026-11-01T08:30:00.0000000Z",
            harness.Tenant.Requests.To(FakeEndpoint.GraphAlerts)[^1].Query["$filter"]);

        harness.Time.Advance(TimeSpan.FromMinutes(30));
        harness.Tenant.AddAlert(Alert("t-4", Tie.AddSeconds(1)));
        var third = (await harness.InvokeAsync()).Succeeded();
        Assert.Equal(["incremental-detection-t-4"], AlertRisks(third));
        Assert.Equal(new AlertCheckpoint(Tie.AddSeconds(1), [new SentAlert("t-4", Tie.AddSeconds(1))]).ToJson(), (harness.SavedAlertCheckpoint() with { Open = null }).ToJson());
        Assert.Equal(AlertPrints("t-1", "t-2", "t-3", "t-4"), harness.SavedAlertCheckpoint().Open!.Select(o => o.Id).Order());
    }

    [Fact]
    public async Task An_alert_that_changes_while_a_sync_reads_is_sent_by_the_next_sync()
    {
        // Pages are not a snapshot: an alert on a page already read can change before the listing ends.
        var harness = QuietTenant(pageSize: 5);
        for (var i = 0; i < 10; i++)
        {
            harness.Tenant.AddAlert(Alert($"c-{i}", Tie.AddMinutes(i)));
        }

        var changed = false;
        DateTimeOffset? c0Updated = null;
        (await harness.InvokeAsync(written: model =>
        {
            if (!changed && model is Risk { Name: var name } && name.StartsWith("incremental-detection", StringComparison.Ordinal))
            {
                changed = true;
                harness.Time.Advance(TimeSpan.FromMinutes(1));
                harness.Tenant.UpdateAlert("c-9", a => a with { Status = "resolved", LastUpdateDateTime = harness.Time.GetUtcNow() });
                harness.Time.Advance(TimeSpan.FromMinutes(1));
                c0Updated = harness.Time.GetUtcNow();
                harness.Tenant.UpdateAlert("c-0", a => a with { Status = "inProgress", LastUpdateDateTime = c0Updated.Value });
            }
        })).Succeeded();
        var afterFirst = harness.SavedAlertCheckpoint();

        harness.Time.Advance(TimeSpan.FromMinutes(30));
        var next = (await harness.InvokeAsync()).Succeeded();

        // c-9 was on the first page, read before it changed: only the next sync can send its change.
        var resolved = Assert.Single(next.Risks, r => r.Name == "incremental-detection-c-9");
        Assert.Equal(RiskState.Remediated, resolved.Status.State);

        // c-0 is on the second page, which the first sync may have read before or after it changed: its change is sent
        // by exactly one of the two syncs.
        var sentFirst = afterFirst.Sent.Contains(new SentAlert("c-0", c0Updated!.Value));
        Assert.NotEqual(sentFirst, next.AlertIds.Contains("c-0"));
    }

    [Fact]
    public async Task Max_alerts_sends_the_oldest_changes_first_and_moves_on_every_sync()
    {
        var harness = QuietTenant(pageSize: 7);
        for (var i = 0; i < 25; i++)
        {
            harness.Tenant.AddAlert(Alert($"m-{i:00}", Tie.AddMinutes(i)));
        }

        harness.Config[DefenderKeys.MaxAlerts] = "10";
        var sent = new List<string>();
        for (var run = 0; run < 3; run++)
        {
            var result = (await harness.InvokeAsync()).Succeeded();
            var ids = result.AlertIds.ToList();
            Assert.Equal(Enumerable.Range(run * 10, Math.Min(10, 25 - (run * 10))).Select(i => $"m-{i:00}"), ids);
            sent.AddRange(ids);
            harness.Time.Advance(TimeSpan.FromMinutes(30));
        }

        Assert.Equal(25, sent.Distinct().Count());
        var fourth = (await harness.InvokeAsync()).Succeeded();
        Assert.Empty(fourth.AlertIds);
    }

    [Theory]
    [InlineData("resolved", "falsePositive", "new", "TH")]
    [InlineData("new", null, "resolved", "TH")]
    [InlineData("resolved", "truePositive", "resolved", "RH")]
    public async Task One_detection_seen_by_several_alerts_stays_open_while_any_alert_is(string newer, string? classification, string older, string status)
    {
        var harness = QuietTenant();
        harness.Tenant.AddAlert(new FakeAlert("d-old", "Same detection", "high", older, "microsoftDefenderForEndpoint", Tie.AddHours(-2), Tie));
        harness.Tenant.AddAlert(new FakeAlert("d-new", "Same detection", "high", newer, "microsoftDefenderForEndpoint", Tie.AddHours(-1), Tie.AddMinutes(1)) { Classification = classification });

        var result = (await harness.InvokeAsync()).Succeeded();

        var risk = Assert.Single(result.Risks, r => r.Name == "same-detection");
        Assert.Equal(status, risk.Status.Code);
        Assert.Equal(["d-new", "d-old"], result.AlertIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_status_change_is_picked_up_by_the_next_sync()
    {
        var harness = QuietTenant();
        harness.Tenant.AddAlert(Alert("s-1", Tie));
        (await harness.InvokeAsync()).Succeeded();

        harness.Tenant.UpdateAlert("s-1", a => a with { Status = "resolved", Classification = "falsePositive", LastUpdateDateTime = Tie.AddMinutes(1) });
        var second = (await harness.InvokeAsync()).Succeeded();

        var risk = Assert.Single(second.Risks, r => r.Name == "incremental-detection-s-1");
        Assert.Equal("DHF", risk.Status.Code);
    }

    [Fact]
    public async Task A_failed_sync_leaves_the_checkpoint_where_it_was()
    {
        var harness = QuietTenant(pageSize: 5);
        harness.Tenant.AddAlert(Alert("f-1", Tie));
        (await harness.InvokeAsync()).Succeeded();
        var before = harness.SavedAlertCheckpoint().ToJson();

        for (var i = 2; i < 15; i++)
        {
            harness.Tenant.AddAlert(Alert($"f-{i}", Tie.AddMinutes(i)));
        }

        for (var call = 3; call < 40; call++)
        {
            harness.Tenant.Faults.OnCall(FakeEndpoint.GraphAlerts, call, Fault.ServerError(500));
        }

        var failed = await harness.DriveAsync(() => harness.InvokeAsync());

        Assert.IsType<CapabilityException>(failed.Failure);
        Assert.Contains("HTTP 500", failed.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(before, harness.SavedAlertCheckpoint().ToJson());
    }

    [Fact]
    public async Task A_detection_stays_open_across_syncs_while_an_earlier_alert_of_it_is_open()
    {
        // Two alerts of one detection on one host; a later sync sees only the second one resolved.
        var harness = QuietTenant();
        var first = Alert("d-1", Tie) with { Title = "Incremental detection shared" };
        harness.Tenant.AddAlert(first);
        harness.Tenant.AddAlert(Alert("d-2", Tie.AddMinutes(1)) with { Title = "Incremental detection shared" });
        var opened = (await harness.InvokeAsync()).Succeeded();
        var shared = Assert.Single(opened.Risks, r => r.Name == "incremental-detection-shared");
        Assert.Equal(RiskState.Triage, shared.Status.State);
        var sharedPrint = AlertPrint.Of(shared.Key);

        harness.Time.Advance(TimeSpan.FromMinutes(30));
        harness.Tenant.UpdateAlert("d-2", a => a with { Status = "resolved", LastUpdateDateTime = harness.Time.GetUtcNow() });
        var oneResolved = (await harness.InvokeAsync()).Succeeded();

        Assert.DoesNotContain(oneResolved.Risks, r => r.Name == "incremental-detection-shared");
        Assert.Contains(oneResolved.Attributes, a => a.Name == "defenderAlertId" && a.Value == "d-2");
        Assert.Equal(AlertPrints("d-1"), harness.SavedAlertCheckpoint().Open!.Where(o => o.Risk == sharedPrint).Select(o => o.Id));

        harness.Time.Advance(TimeSpan.FromMinutes(30));
        harness.Tenant.UpdateAlert("d-1", a => a with { Status = "resolved", LastUpdateDateTime = harness.Time.GetUtcNow() });
        var allResolved = (await harness.InvokeAsync()).Succeeded();

        Assert.Equal(RiskState.Remediated, Assert.Single(allResolved.Risks, r => r.Name == "incremental-detection-shared").Status.State);
        Assert.DoesNotContain(harness.SavedAlertCheckpoint().Open!, o => o.Risk == sharedPrint);
    }

    [Fact]
    public async Task A_checkpoint_saved_before_open_alerts_were_kept_still_reads()
    {
        var harness = QuietTenant();
        var old = new AlertCheckpoint(Tie, [new SentAlert("t-0", Tie)]).ToJson().Replace(",\"open\":null", "", StringComparison.Ordinal);
        Assert.DoesNotContain("open", old, StringComparison.Ordinal);
        await harness.Checkpoints.WriteAsync(new Checkpoints.CheckpointKey(harness.Job().CheckpointScope, AlertCheckpoint.Stream), old, CancellationToken.None);
        harness.Tenant.AddAlert(Alert("t-5", Tie.AddMinutes(5)));

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.Equal(["incremental-detection-t-5"], AlertRisks(result));
        Assert.Equal(AlertPrints("t-5"), harness.SavedAlertCheckpoint().Open!.Select(o => o.Id));
    }

    [Fact]
    public async Task A_checkpoint_dated_in_the_future_is_discarded_with_a_warning_and_every_alert_read()
    {
        // Issue 11.7: a checkpoint at year 9999 asked only for alerts changed after it: no alert ever again.
        var harness = new DefenderHarness();
        var future = new AlertCheckpoint(new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero), []).ToJson();
        await harness.Checkpoints.WriteAsync(new Checkpoints.CheckpointKey(harness.Job().CheckpointScope, AlertCheckpoint.Stream), future, CancellationToken.None);

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.Equal(harness.Tenant.Alerts.Count, result.Context.Summary.Stream("alerts").Received);
        Assert.Contains(harness.Logs.GetSnapshot(), l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning && l.Message.Contains("in the future", StringComparison.Ordinal));
        Assert.True(harness.SavedAlertCheckpoint().Time <= harness.Time.GetUtcNow());
    }

    [Fact]
    public async Task An_unreadable_checkpoint_means_a_full_sync_not_a_failure()
    {
        var harness = new DefenderHarness();
        await harness.Checkpoints.WriteAsync(new Checkpoints.CheckpointKey(harness.Job().CheckpointScope, AlertCheckpoint.Stream), "{not json", CancellationToken.None);

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.Equal(harness.Tenant.Alerts.Count, result.Context.Summary.Stream("alerts").Received);
        Assert.Contains(harness.Logs.GetSnapshot(), l => l.Message.Contains("checkpoint could not be read", StringComparison.Ordinal));
    }

    // The fingerprints of these alert ids, in order, as a checkpoint's open alerts are compared.
    private static UInt128[] AlertPrints(params string[] ids) => [.. ids.Select(AlertPrint.Of).Order()];
}
