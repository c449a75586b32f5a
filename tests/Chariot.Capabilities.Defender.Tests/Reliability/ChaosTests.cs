using System.Text.Json.Nodes;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Json;
using Chariot.Capabilities.Models;
using Xunit.Abstractions;

namespace Chariot.Capabilities.Defender.Tests.Reliability;

/// <summary>
/// Issue 11, chaos equivalence: a tenant read over many pages, once calmly and once with faults in about one request in
/// ten, gives exactly the same models (as a multiset, timestamps masked), on the full sync and on the incremental sync
/// after the tenant changed. A failure names its seed: <c>Case(seed, source)</c> replays it exactly.
/// </summary>
[Collection(DrivenClock.Alone)]
public sealed class ChaosTests(ITestOutputHelper output)
{
    public static TheoryData<int, string> Cases => new()
    {
        { 11, "by-machine" },
        { 23, "export" },
        { 37, "by-machine" },
        { 41, "export" },
        { 59, "by-machine" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_sync_under_faults_sends_exactly_what_a_calm_sync_sends(int seed, string source)
    {
        var calm = Tenant(seed, source);
        var chaos = Tenant(seed, source);
        ChaosFaults.Inject(chaos.Tenant.Faults, DefenderHarness.Start, source == "export");

        var calmFull = await SyncAsync(calm, seed, "calm full sync");
        var chaosFull = await SyncAsync(chaos, seed, "full sync under faults");
        AssertSame(seed, source, "full", calmFull, chaosFull);

        var changedAt = DefenderHarness.Start.AddHours(6);
        Change(calm, changedAt);
        Change(chaos, changedAt);
        var calmNext = await SyncAsync(calm, seed, "calm incremental sync");
        var chaosNext = await SyncAsync(chaos, seed, "incremental sync under faults");
        AssertSame(seed, source, "incremental", calmNext, chaosNext);

        var given = chaos.Tenant.Faults.Given();
        var faults = given.Values.Sum();
        var requests = chaos.Tenant.Requests.All.Count;
        output.WriteLine($"Case({seed}, \"{source}\"): {calmFull.Count} + {calmNext.Count} models compared; {faults} faults in {requests} requests " +
            $"({string.Join(", ", given.OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Value}"))})");
        Assert.True(faults >= 5, $"seed {seed}: only {faults} faults were met in {requests} requests");
    }

    // Many pages of every listing: machines and vulnerability rows clamped at 50 a page, alerts at 10, export files of
    // 1,000 rows.
    private static DefenderHarness Tenant(int seed, string source)
    {
        var harness = new DefenderHarness(time => new FakeDefenderTenantOptions
        {
            TimeProvider = time,
            Seed = seed,
            Size = new FakeTenantSize(Devices: 1_200, Alerts: 600, VulnerabilityRows: 6_000, CveCatalogue: 150),
            DefenderPageLimit = 50,
            GraphAlerts = GraphAlertsBehaviour.Documented with { MaxPageSize = 10 },
            ExportRowsPerFile = 1_000,
        });
        harness.Config[DefenderKeys.VulnerabilitySource] = source;
        return harness;
    }

    private async Task<List<string>> SyncAsync(DefenderHarness harness, int seed, string what)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await harness.DriveAsync(() => harness.InvokeAsync());
        output.WriteLine($"{what}: {watch.Elapsed.TotalSeconds:0.0} s, fake clock at {harness.Time.GetUtcNow():HH:mm:ss}");
        Assert.True(result.Failure is null, $"seed {seed}, {what}: {result.Failure}");
        return [.. result.Models.Select(Masked).Order(StringComparer.Ordinal)];
    }

    // The same changes on both tenants, on both clocks at the same instant: alerts updated (three at one timestamp) and
    // added, vulnerabilities fixed, one fixed and brought back, one new.
    private static void Change(DefenderHarness harness, DateTimeOffset at)
    {
        harness.Time.SetUtcNow(at);
        var tenant = harness.Tenant;
        var alerts = tenant.Alerts;
        var tie = at.AddMinutes(-5);
        for (var i = 0; i < 12; i++)
        {
            tenant.UpdateAlert(alerts[i * 7].Id, alert => alert with { Status = "resolved", LastUpdateDateTime = i < 3 ? tie : at.AddMinutes(-i) });
        }

        for (var i = 0; i < 8; i++)
        {
            tenant.AddAlert(new FakeAlert($"chaos-{i}", "Suspicious PowerShell command line", "high", "new", "microsoftDefenderForEndpoint", at.AddMinutes(-30), at.AddMinutes(-i))
            {
                DeviceIds = [tenant.Machine(i * 13).Id],
            });
        }

        var rows = Enumerable.Range(0, (int)tenant.VulnerabilityRowCount)
            .Select(i => tenant.VulnerabilityRow(i))
            .OfType<FakeVulnerabilityRow>()
            .Where(r => r.CveId is not null)
            .ToList();
        for (var i = 0; i < 10; i++)
        {
            tenant.FixVulnerability(rows[i * 31].DeviceId, rows[i * 31].CveId!);
        }

        tenant.AddVulnerability(rows[0] with { Id = rows[0].Id + "-again" });
        tenant.AddVulnerability(rows[1] with { Id = "chaos-new-row", CveId = "CVE-2026-0042" });
    }

    private static void AssertSame(int seed, string source, string sync, List<string> calm, List<string> chaos)
    {
        Assert.NotEmpty(calm);
        var missing = Difference(calm, chaos);
        var extra = Difference(chaos, calm);
        Assert.True(
            missing.Count == 0 && extra.Count == 0,
            $"Case({seed}, \"{source}\"), {sync} sync: {calm.Count} models calm, {chaos.Count} under faults; " +
            $"missing {missing.Count} (first: {missing.FirstOrDefault()}), extra {extra.Count} (first: {extra.FirstOrDefault()})");
    }

    // What is in the first list more often than in the second, as a multiset.
    private static List<string> Difference(List<string> first, List<string> second)
    {
        var counts = second.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var left = new List<string>();
        foreach (var line in first)
        {
            if (counts.TryGetValue(line, out var n) && n > 0)
            {
                counts[line] = n - 1;
            }
            else
            {
                left.Add(line);
            }
        }

        return left;
    }

    // The model as Chariot receives it, with the sync's own clock readings and the random risk guid masked.
    private static string Masked(ChariotModel model)
    {
        var node = JsonNode.Parse(ChariotJson.Wrap(model))!;
        Mask(node);
        return node.ToJsonString();
    }

    private static readonly HashSet<string> SyncStamps = new(StringComparer.Ordinal) { "created", "visited", "updated", "ttl", "guid" };

    private static void Mask(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (SyncStamps.Contains(name))
                    {
                        obj[name] = "*";
                    }
                    else
                    {
                        Mask(obj[name]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Mask(item);
                }

                break;
        }
    }
}
