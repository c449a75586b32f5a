using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Testing.Hosting;
using Chariot.EndToEnd.Tests.Support;

namespace Chariot.EndToEnd.Tests;

/// <summary>
/// <c>run --job --out --state</c> through the host against tenants that page alerts_v2 each way the real service was
/// seen to: every alert version reaches the output exactly once, across syncs and across a sync stopped after any page,
/// in the fewest calls. The service here clamps pages at 100 (the plugin asks for 1,000), so 450 alerts make five pages.
/// </summary>
public sealed class AlertPagingRunTests(AlertPagingRunTests.InstalledPlugin plugin) : IClassFixture<AlertPagingRunTests.InstalledPlugin>
{
    private const int PageSize = 100;
    private const int AlertCount = 450;

    public static TheoryData<string> Behaviours => ["documented", "no-next-link", "orderby-refused", "orderby-ignored"];

    private static GraphAlertsBehaviour Behaviour(string name) => name switch
    {
        "documented" => GraphAlertsBehaviour.Documented with { MaxPageSize = PageSize },
        "no-next-link" => GraphAlertsBehaviour.NoNextLink with { MaxPageSize = PageSize },
        "orderby-refused" => GraphAlertsBehaviour.NoNextLink with { MaxPageSize = PageSize, OrderBy = AlertOrdering.Refused },
        "orderby-ignored" => GraphAlertsBehaviour.NoNextLink with { MaxPageSize = PageSize, OrderBy = AlertOrdering.Ignored },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    [Theory]
    [MemberData(nameof(Behaviours))]
    public async Task Every_alert_version_is_written_once_across_syncs_in_the_fewest_calls(string behaviour)
    {
        await using var world = await plugin.StartAsync(Behaviour(behaviour));

        var first = await world.RunAsync();
        var afterFirst = world.ListingCalls();
        var changed = new[] { "e2e-0007", "e2e-0210", "e2e-0211", "e2e-0449" };
        foreach (var id in changed)
        {
            Assert.True(world.Tenant.UpdateAlert(id, a => a with { Status = "resolved" }));
        }

        var second = await world.RunAsync();

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(world.AlertIds.Order(StringComparer.Ordinal), first.AlertIds.Order(StringComparer.Ordinal));
        Assert.Equal(changed, second.AlertIds.Order(StringComparer.Ordinal));

        // ceil(450 / 100) pages. A refused $orderby costs the one call that refused it. An ignored one shows only on the
        // second page here (the newest 100 alerts share one time, so the first page looks ordered): the moved window
        // counts too few alerts, and one more call, counting those before it, finds more than were read: newest first.
        Assert.Equal(behaviour switch { "orderby-refused" => 5 + 1, "orderby-ignored" => 5 + 3, _ => 5 }, afterFirst);
        var warned = first.Error.Contains("refused $orderby", StringComparison.Ordinal) || first.Error.Contains("did not order", StringComparison.Ordinal);
        Assert.Equal(behaviour is "orderby-refused" or "orderby-ignored", warned);
    }

    [Theory]
    [InlineData("no-next-link", 1)]
    [InlineData("no-next-link", 2)]
    [InlineData("no-next-link", 3)]
    [InlineData("no-next-link", 4)]
    [InlineData("documented", 2)]
    [InlineData("orderby-refused", 2)]
    public async Task A_sync_stopped_after_any_page_resumes_where_it_stopped_and_loses_nothing(string behaviour, int pagesRead)
    {
        await using var world = await plugin.StartAsync(Behaviour(behaviour));

        // The credential check is the first alerts call; then (after a refused $orderby, if any) one call a page.
        var firstPageCall = behaviour == "orderby-refused" ? 3 : 2;
        world.Tenant.Faults.OnCall(FakeEndpoint.GraphAlerts, firstPageCall + pagesRead, Fault.Forbidden());
        var stopped = await world.RunAsync();
        var resumed = await world.RunAsync();

        Assert.True(stopped.ExitCode == 1, stopped.Error);
        Assert.Contains("SecurityAlert.Read.All", stopped.Error, StringComparison.Ordinal);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(AlertCount, stopped.AlertIds.Count + resumed.AlertIds.Count);
        Assert.Equal(world.AlertIds.Order(StringComparer.Ordinal), stopped.AlertIds.Concat(resumed.AlertIds).Order(StringComparer.Ordinal));
        if (behaviour != "orderby-refused")
        {
            // Oldest first, the progress saved after each page holds: the stopped sync's alerts are not read again.
            // (The resolved ones, one in 25, are held back to the end of the sync, and carried by its checkpoint.)
            Assert.True(stopped.AlertIds.Count >= pagesRead * (PageSize - 5), $"{stopped.AlertIds.Count} alerts before the stop");
        }
    }

    [Fact]
    public async Task Several_thousand_alerts_sharing_one_time_are_read_at_a_thousand_a_page_without_next_links()
    {
        // 2,500 alerts updated at one instant (a bulk change), between 700 others: the service clamps at 1,000, no nextLink.
        var now = TimeProvider.System.GetUtcNow();
        var alerts = Enumerable.Range(0, 3200).Select(i => new FakeAlert(
            $"bulk-{i:0000}", $"Bulk detection {i % 40}", "medium", "new", "microsoftDefenderForEndpoint", now.AddHours(-9),
            i < 2500 ? now.AddHours(-4) : now.AddHours(-8).AddSeconds(i))).ToList();
        await using var world = await plugin.StartAsync(GraphAlertsBehaviour.NoNextLink, alerts);

        var run = await world.RunAsync();

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(3200, run.AlertIds.Count);
        Assert.Equal(3200, run.AlertIds.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(4, world.ListingCalls());
    }

    /// <summary>The Defender plugin installed once for the class; each test starts its own tenant and state.</summary>
    public sealed class InstalledPlugin : IAsyncLifetime
    {
        public string PluginsDirectory { get; } = TempDirectory.Create("plugins");

        public string WorkDirectory { get; } = TempDirectory.Create("work");

        public async Task InitializeAsync()
        {
            var install = await new EndToEndHost(PluginsDirectory, WorkDirectory).RunAsync("plugins", "install", DefenderPackage.Path);
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException("The Defender plugin package did not install: " + install);
            }
        }

        public Task DisposeAsync()
        {
            TempDirectory.Delete(PluginsDirectory);
            TempDirectory.Delete(WorkDirectory);
            return Task.CompletedTask;
        }

        /// <summary>A tenant of 450 alerts paged as <paramref name="behaviour"/> says, served on loopback HTTPS.</summary>
        internal Task<AlertWorld> StartAsync(GraphAlertsBehaviour behaviour)
        {
            // Alerts in groups of three sharing a time, so most pages end inside a group; one time shared by 150 alerts
            // (a page and a half); every 25th alert resolved, each its own detection.
            var now = TimeProvider.System.GetUtcNow();
            return StartAsync(behaviour, Enumerable.Range(0, AlertCount).Select(i =>
            {
                var updated = i is >= 200 and < 350 ? now.AddHours(-3) : now.AddHours(-6).AddSeconds(i / 3 * 60);
                return new FakeAlert($"e2e-{i:0000}", $"Paging detection {i}", "high", i % 25 == 3 ? "resolved" : "new", "microsoftDefenderForEndpoint", updated.AddHours(-1), updated);
            }));
        }

        /// <summary>A tenant of these alerts, paged as <paramref name="behaviour"/> says, served on loopback HTTPS.</summary>
        internal async Task<AlertWorld> StartAsync(GraphAlertsBehaviour behaviour, IEnumerable<FakeAlert> alerts)
        {
            var tenant = new FakeDefenderTenant(new FakeDefenderTenantOptions
            {
                Size = new FakeTenantSize(Devices: 3, Alerts: 0, VulnerabilityRows: 10, CveCatalogue: 5),
                GraphAlerts = behaviour,
            });
            foreach (var alert in alerts)
            {
                tenant.AddAlert(alert);
            }

            var server = new FakeDefenderServer(tenant);
            await server.StartAsync();
            return new AlertWorld(tenant, server, new EndToEndHost(PluginsDirectory, WorkDirectory, new TokenRecordingHttpHandlerSource(server)), WorkDirectory);
        }
    }

    /// <summary>One tenant, its server, a job file pointed at it and a state folder kept across runs.</summary>
    internal sealed class AlertWorld(FakeDefenderTenant tenant, FakeDefenderServer server, EndToEndHost host, string workDirectory) : IAsyncDisposable
    {
        private readonly string _job = new DefenderJob(server).WriteTo(workDirectory);
        private readonly string _state = Path.Combine(workDirectory, $"state-{Guid.NewGuid():N}");

        public FakeDefenderTenant Tenant => tenant;

        public IReadOnlyList<string> AlertIds => [.. tenant.Alerts.Select(a => a.Id)];

        public async Task<AlertRun> RunAsync()
        {
            tenant.Requests.Clear();
            var output = Path.Combine(workDirectory, $"results-{Guid.NewGuid():N}.ndjson");
            var result = await host.RunAsync("run", "--job", _job, "--out", output, "--state", _state);
            var ids = File.Exists(output)
                ? Emitted.ReadFile(output).Where(e => e.Type == "attribute" && e.Text("name") == "defenderAlertId").Select(e => e.Text("value")).ToList()
                : [];
            return new AlertRun(result.ExitCode, result.Error, ids);
        }

        // The listing's calls since the last run began: every alerts_v2 call but the credential check.
        public int ListingCalls() => tenant.Requests.To(FakeEndpoint.GraphAlerts).Count(r => r.Query.ContainsKey("$filter"));

        public ValueTask DisposeAsync() => server.DisposeAsync();
    }

    public sealed record AlertRun(int ExitCode, string Error, IReadOnlyList<string> AlertIds);
}
