using Chariot.Capabilities.Defender.Alerts;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Defender.Vulnerabilities;
using Xunit.Abstractions;

namespace Chariot.Capabilities.Defender.Tests.Reliability;

/// <summary>
/// Issue 11: an error that does not go away (500 on every retry, 403, a body that never comes) ends the job within a
/// bounded time, with a message that says what to do, and the failing stream's checkpoint stays where it was.
/// </summary>
[Collection(DrivenClock.Alone)]
public sealed class PermanentErrorTests(ITestOutputHelper output)
{
    public static TheoryData<FakeEndpoint, string> Cases()
    {
        var cases = new TheoryData<FakeEndpoint, string>();
        foreach (var endpoint in new[] { FakeEndpoint.Machines, FakeEndpoint.GraphAlerts, FakeEndpoint.SoftwareVulnerabilityChangesByMachine })
        {
            foreach (var fault in new[] { "500", "403", "silent body" })
            {
                cases.Add(endpoint, fault);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_permanent_error_ends_the_job_in_bounded_time_and_moves_no_checkpoint(FakeEndpoint endpoint, string fault)
    {
        var harness = new DefenderHarness();
        (await harness.InvokeAsync()).Succeeded();
        harness.Time.Advance(TimeSpan.FromHours(1));
        var before = harness.Checkpoints.Values.ToDictionary(c => c.Key.Stream, c => c.Value, StringComparer.Ordinal);
        harness.Tenant.Faults.WithProbability(endpoint, 1.0, fault switch
        {
            "500" => Fault.ServerError(500),
            "403" => Fault.Forbidden(),
            _ => Fault.SlowBody(TimeSpan.FromHours(1), chunkBytes: 16),
        });
        var started = harness.Time.GetUtcNow();

        var result = await harness.DriveAsync(() => harness.InvokeAsync());

        var failure = Assert.IsType<CapabilityException>(result.Failure);
        var took = harness.Time.GetUtcNow() - started;
        output.WriteLine($"{endpoint}, {fault}: failed after {took} on the fake clock: {failure.Message}");
        var options = new SyncOptions();
        switch (fault)
        {
            case "403":
                Assert.Equal(TimeSpan.Zero, took);
                break;
            case "500":
                // The retries waited (backing off with jitter), none longer than the longest backoff.
                Assert.InRange(took, TimeSpan.FromTicks(1), options.MaxRetries * TimeSpan.FromMinutes(1));
                break;
            default:
                // Three attempts, each given up after the idle timeout.
                Assert.Equal(3 * options.IdleTimeout, took);
                break;
        }

        Assert.Matches(Expected(fault), failure.Message);
        var after = harness.Checkpoints.Values.ToDictionary(c => c.Key.Stream, c => c.Value, StringComparer.Ordinal);
        foreach (var stream in StreamsOf(endpoint))
        {
            Assert.Equal(before[stream], after[stream]);
        }
    }

    private static string Expected(string fault) => fault switch
    {
        "500" => @"\(HTTP 500\) after every retry.*run the sync again later",
        "403" => "403|permission|consent",
        _ => @"page 1 broke off 3 times \(the connection failed mid-body: No data arrived for 2 minutes.*Run the sync again later",
    };

    private static string[] StreamsOf(FakeEndpoint endpoint) => endpoint switch
    {
        FakeEndpoint.GraphAlerts => [AlertCheckpoint.Stream],
        FakeEndpoint.SoftwareVulnerabilityChangesByMachine => [VulnerabilityCheckpoint.Stream],
        _ => [AlertCheckpoint.Stream, VulnerabilityCheckpoint.Stream],
    };
}
