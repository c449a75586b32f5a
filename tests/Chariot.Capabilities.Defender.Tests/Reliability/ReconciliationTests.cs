using Chariot.Capabilities.Defender.Alerts;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Reporting;

namespace Chariot.Capabilities.Defender.Tests.Reliability;

/// <summary>Issue 11: per stream, received = emitted + filtered + skipped, checked before the stream saves its checkpoint.</summary>
public sealed class ReconciliationTests
{
    [Fact]
    public async Task Every_stream_of_a_full_and_an_incremental_sync_accounts_for_every_record()
    {
        var harness = new DefenderHarness();

        var first = (await harness.InvokeAsync()).Succeeded();
        harness.Time.Advance(TimeSpan.FromHours(1));
        var alert = harness.Tenant.Alerts[0];
        harness.Tenant.UpdateAlert(alert.Id, a => a with { Status = "resolved" });
        var second = (await harness.InvokeAsync()).Succeeded();

        foreach (var run in new[] { first, second })
        {
            Assert.All(run.Context.Summary.Streams, s => Assert.Equal(0, s.Unaccounted));
        }

        var vulnerabilities = first.Context.Summary.Stream("vulnerabilities");
        Assert.True(vulnerabilities.Skips.ContainsKey("software inventory rows (no CVE)"), string.Join("; ", vulnerabilities.Skips));
        Assert.True(second.Context.Summary.Stream("alerts").Received >= 1, "the incremental sync read no alert change");
    }

    [Fact]
    public async Task A_stream_that_cannot_account_for_a_record_fails_the_run_and_saves_no_checkpoint()
    {
        var harness = new DefenderHarness();

        // One record counted in and never out, as a lost alert would be.
        var result = await harness.RunWithServicesAsync((_, context, capability, ct) =>
        {
            context.Summary.Stream("alerts").AddReceived();
            return capability.InvokeAsync(ct);
        });

        var failure = Assert.IsType<ReconciliationException>(result.Failure);
        Assert.Equal("alerts", failure.Stream);
        Assert.Matches(@"The alerts stream does not add up: received (\d+), but emitted \d+ \+ filtered \d+ \+ skipped \d+ = \d+\.", failure.Message);
        Assert.DoesNotContain(harness.Checkpoints.Values, c => c.Key.Stream == AlertCheckpoint.Stream);
    }
}
