using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Models;
using Chariot.Capabilities.Throttling;

namespace Chariot.Capabilities.Defender.Tests.Http;

[Collection(DrivenClock.Alone)]
public sealed class ResilienceTests
{
    public static TheoryData<string, double> RetryAfters => new()
    {
        { "seconds", 3 },
        { "fractional", 2.128 },
        { "date", 7 },
    };

    [Theory]
    [MemberData(nameof(RetryAfters))]
    public async Task A_429_is_retried_after_the_wait_it_asks_for(string form, double seconds)
    {
        var harness = new DefenderHarness();
        var retryAfter = form switch
        {
            "seconds" => RetryAfter.Seconds((int)seconds),
            "fractional" => RetryAfter.FractionalSeconds(seconds),
            _ => RetryAfter.At(DefenderHarness.Start.AddSeconds(seconds)),
        };
        harness.Tenant.Faults.OnCall(FakeEndpoint.Machines, 1, Fault.TooManyRequests(retryAfter));

        var result = (await harness.DriveAsync(() => harness.InvokeAsync())).Succeeded();

        var calls = harness.Tenant.Requests.To(FakeEndpoint.Machines);
        var waited = calls[1].ReceivedAt - calls[0].ReceivedAt;
        Assert.Equal(TimeSpan.FromSeconds(seconds), waited);
        var devices = result.Context.Summary.Stream("devices");
        Assert.Equal((1, 1), (devices.Retries, devices.Throttled));
        Assert.Equal(harness.Tenant.MachineCount, devices.Received);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Server_errors_are_retried_with_backoff(int status)
    {
        var harness = new DefenderHarness();
        harness.Tenant.Faults.OnCall(FakeEndpoint.SoftwareVulnerabilitiesByMachine, 1, Fault.ServerError(status));
        harness.Tenant.Faults.OnCall(FakeEndpoint.SoftwareVulnerabilitiesByMachine, 2, Fault.ServerError(status));

        var result = (await harness.DriveAsync(() => harness.InvokeAsync())).Succeeded();

        Assert.Equal(2, result.Context.Summary.Stream("vulnerabilities").Retries);
        Assert.Contains(result.Risks, r => r.Name.StartsWith("CVE-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hunting_query_may_run_the_service_s_3_minutes_and_other_calls_wait_the_attempt_timeout()
    {
        var options = new Defender.Configuration.SyncOptions();
        using var hunting = new HttpRequestMessage(HttpMethod.Post, "https://graph.microsoft.com/v1.0/security/runHuntingQuery");
        using var alerts = new HttpRequestMessage(HttpMethod.Get, "https://graph.microsoft.com/v1.0/security/alerts_v2");

        var huntingWait = Defender.Http.DefenderResilience.AttemptTimeout(hunting, options);
        var alertsWait = Defender.Http.DefenderResilience.AttemptTimeout(alerts, options);
        options.AttemptTimeout = TimeSpan.FromMinutes(5);

        Assert.Equal(TimeSpan.FromSeconds(210), huntingWait);
        Assert.Equal(TimeSpan.FromSeconds(100), alertsWait);
        Assert.Equal(TimeSpan.FromMinutes(5), Defender.Http.DefenderResilience.AttemptTimeout(hunting, options));
    }

    [Fact]
    public async Task The_documented_budget_is_kept_so_defender_never_throttles()
    {
        // 160 lookups against the documented 100 calls a minute on /api/machines: the client waits its turn instead.
        var harness = new DefenderHarness();
        var assets = Enumerable.Range(0, 160).Select(i => new Asset(harness.Tenant.Machine(i % 25).ComputerDnsName, "10.0.0.1")).ToArray();
        var answers = new List<bool>();

        Task<RunResult> Run() => harness.RunAsync(async (capability, ct) =>
        {
            foreach (var asset in assets)
            {
                answers.Add(await capability.CheckAffiliationAsync(asset, ct));
            }
        });
        var result = (await harness.DriveAsync(Run)).Succeeded();

        Assert.Equal(160, answers.Count(a => a));
        Assert.Equal(160, harness.Tenant.Requests.To(FakeEndpoint.Machines).Count);
        Assert.Equal(TimeSpan.FromSeconds(70), harness.Time.GetUtcNow() - DefenderHarness.Start);
        Assert.Equal((0, 0), (result.Context.Summary.Stream("devices").Throttled, result.Context.Summary.Stream("devices").Retries));
    }

    [Fact]
    public async Task Two_jobs_with_the_same_app_share_the_budget_so_together_they_never_throttle()
    {
        // A sync's and an affiliation job's lookups, 80 each at once, against the 100 calls a minute Microsoft allows the app.
        var harness = new DefenderHarness();
        using var shared = new CallBudgets(harness.Time);
        harness.SharedBudgets = shared;

        var results = await harness.DriveAsync(() => Task.WhenAll(LookUp(harness, 80), LookUp(harness, 80)));

        Assert.All(results, r => r.Succeeded());
        Assert.Equal(160, harness.Tenant.Requests.To(FakeEndpoint.Machines).Count);
        Assert.Equal(0, results.Sum(r => r.Context.Summary.Stream("devices").Throttled));
        Assert.Equal(TimeSpan.FromSeconds(70), harness.Time.GetUtcNow() - DefenderHarness.Start);
    }

    [Fact]
    public async Task Jobs_that_each_keep_their_own_budget_together_draw_429s()
    {
        // The same two jobs without the host's shared budgets: each keeps under the limit alone, together they exceed it.
        var harness = new DefenderHarness();

        var results = await harness.DriveAsync(() => Task.WhenAll(LookUp(harness, 80), LookUp(harness, 80)));

        Assert.All(results, r => r.Succeeded());
        Assert.True(results.Sum(r => r.Context.Summary.Stream("devices").Throttled) > 0, "two budgets of 90 a minute against the app's 100 drew no 429");
    }

    private static Task<RunResult> LookUp(DefenderHarness harness, int count) => harness.RunAsync(async (capability, ct) =>
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(await capability.CheckAffiliationAsync(new Asset(harness.Tenant.Machine(i % 25).ComputerDnsName, "10.0.0.1"), ct));
        }
    });

    [Fact]
    public async Task A_revoked_token_is_refreshed_and_the_call_tried_once_more()
    {
        var harness = new DefenderHarness();
        harness.Tenant.Faults.OnCall(FakeEndpoint.Machines, 1, Fault.RevokedToken());

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.Equal(3, harness.Tenant.Requests.To(FakeEndpoint.Token).Count);
        Assert.Equal(harness.Tenant.MachineCount, result.Context.Summary.Stream("devices").Received);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    [InlineData(0)]
    public async Task A_moment_of_failure_at_the_sign_in_service_does_not_end_the_sync(int status)
    {
        // Issue 11 (chaos): one 503, 429 or dropped connection from the token endpoint ended the whole sync.
        var harness = new DefenderHarness();
        var fault = status switch
        {
            503 => Fault.ServerError(503),
            429 => Fault.TooManyRequests(RetryAfter.Seconds(2)),
            _ => Fault.ConnectionReset(afterBytes: 10),
        };
        harness.Tenant.Faults.OnCall(FakeEndpoint.Token, 1, fault).OnCall(FakeEndpoint.Token, 2, fault);

        var result = (await harness.DriveAsync(() => harness.InvokeAsync())).Succeeded();

        Assert.Equal(harness.Tenant.MachineCount, result.Context.Summary.Stream("devices").Received);
        Assert.Equal(4, harness.Tenant.Requests.To(FakeEndpoint.Token).Count);
    }

    [Fact]
    public async Task A_retry_after_longer_than_five_minutes_is_capped()
    {
        var harness = new DefenderHarness();
        harness.Tenant.Faults.OnCall(FakeEndpoint.Machines, 1, Fault.TooManyRequests(RetryAfter.Seconds(3600)));

        (await harness.DriveAsync(() => harness.InvokeAsync())).Succeeded();

        var calls = harness.Tenant.Requests.To(FakeEndpoint.Machines);
        var waited = calls[1].ReceivedAt - calls[0].ReceivedAt;
        Assert.Equal(TimeSpan.FromMinutes(5), waited);
    }

    [Fact]
    public async Task Cancelling_stops_a_sync_promptly_and_saves_nothing()
    {
        var harness = new DefenderHarness();
        harness.Tenant.Faults.OnCall(FakeEndpoint.SoftwareVulnerabilitiesByMachine, 1, Fault.SlowBody(TimeSpan.FromMinutes(1), chunkBytes: 64));

        // Cancelled 30 s into the sync, while the vulnerability rows come a chunk a minute.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30), harness.Time);
        var result = await harness.DriveAsync(() => harness.InvokeAsync(cancellationToken: cancel.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(result.Failure);
        Assert.Single(harness.Tenant.Requests.To(FakeEndpoint.SoftwareVulnerabilitiesByMachine));
        Assert.Equal(TimeSpan.FromSeconds(30), harness.Time.GetUtcNow() - DefenderHarness.Start);
        Assert.Empty(harness.Checkpoints.Values);
    }
}
