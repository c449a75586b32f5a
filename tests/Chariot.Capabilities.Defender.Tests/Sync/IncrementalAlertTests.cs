using Chariot.Capabilities.Defender.Alerts;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Tests.Support;

namespace Chariot.Capabilities.Defender.Tests.Sync;

public sealed class IncrementalAlertTests
{
    private static readonly DateTimeOffset Tie = DefenderHarness.Start.AddMinutes(5);

    private static FakeAlert Alert(string id, DateTimeOffset updated) =>
        new(id, $"Incremental detection {id}", "high", "new", "microsoftDefenderForEndpoint", updated.AddHours(-1), updated);

    private static AlertCheckpoint Saved(DefenderHarness harness) =>
        AlertCheckpoint.FromJson(Assert.Single(harness.Checkpoints.Values, c => c.Key.Stream == AlertCheckpoint.Stream).Value)!;

    private static string[] AlertRisks(RunResult result) =>
        result.Risks.Where(r => r.Name.StartsWith("incremental-detection", StringComparison.Ordinal)).Select(r => r.Name).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task Alerts_sharing_a_timestamp_are_neither_lost_nor_sent_twice()
    {
        var harness = new DefenderHarness();
        harness.Tenant.AddAlert(Alert("t-1", Tie));
        harness.Tenant.AddAlert(Alert("t-2", Tie));

        var first = (await harness.InvokeAsync()).Succeeded();
        Assert.Equal(["incremental-detection-t-1", "incremental-detection-t-2"], AlertRisks(first));
        Assert.Equal(Tie, Saved(harness).Time);
        Assert.Equal(["t-1", "t-2"], Saved(harness).Ids.Order(StringComparer.Ordinal));

        harness.Tenant.AddAlert(Alert("t-3", Tie));
        var second = (await harness.InvokeAsync()).Succeeded();
        Assert.Equal(["incremental-detection-t-3"], AlertRisks(second));
        Assert.Equal(1, second.Context.Summary.Stream("alerts").Emitted);
        var query = harness.Tenant.Requests.To(FakeEndpoint.GraphAlerts)[^1].Query["$filter"];
        Assert.Equal("lastUpdateDateTime ge 2026-11-01T08:05:00.0000000Z", query);

        harness.Tenant.AddAlert(Alert("t-4", Tie.AddSeconds(1)));
        var third = (await harness.InvokeAsync()).Succeeded();
        Assert.Equal(["incremental-detection-t-4"], AlertRisks(third));
        Assert.Equal(new AlertCheckpoint(Tie.AddSeconds(1), ["t-4"]).ToJson(), Saved(harness).ToJson());
    }

    [Fact]
    public async Task A_status_change_is_picked_up_by_the_next_sync()
    {
        var harness = new DefenderHarness();
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
        var harness = new DefenderHarness(time => new FakeDefenderTenantOptions { TimeProvider = time, GraphAlertsDefaultPageSize = 5 });
        harness.Tenant.AddAlert(Alert("f-1", Tie));
        (await harness.InvokeAsync()).Succeeded();
        var before = Saved(harness).ToJson();

        harness.Tenant.AddAlert(Alert("f-2", Tie.AddMinutes(1)));
        for (var call = 3; call < 40; call++)
        {
            harness.Tenant.Faults.OnCall(FakeEndpoint.GraphAlerts, call, Fault.ServerError(500));
        }

        harness.Tenant.Requests.Clear();
        var failed = await harness.DriveAsync(harness.InvokeAsync(), TimeSpan.FromSeconds(1));

        Assert.IsType<Capabilities.CapabilityException>(failed.Failure);
        Assert.Contains("HTTP 500", failed.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(before, Saved(harness).ToJson());
    }

    [Fact]
    public async Task Max_alerts_stops_early_without_moving_the_checkpoint()
    {
        var harness = new DefenderHarness();
        harness.Config[Chariot.Capabilities.Defender.Configuration.DefenderKeys.MaxAlerts] = "10";

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.Equal(10, result.Context.Summary.Stream("alerts").Emitted + result.Context.Summary.Stream("alerts").Filtered);
        Assert.DoesNotContain(harness.Checkpoints.Values, c => c.Key.Stream == AlertCheckpoint.Stream);
        Assert.Contains(result.Context.Summary.Notes, n => n.Contains("max_alerts=10", StringComparison.Ordinal));
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
}
