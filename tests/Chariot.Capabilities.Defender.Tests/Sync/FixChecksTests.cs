using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Devices;
using Chariot.Capabilities.Defender.Sync;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Defender.Vulnerabilities;
using Chariot.Capabilities.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Chariot.Capabilities.Defender.Tests.Sync;

/// <summary>The fix checks on their own: what waits, what is given up, what stops them, against the fake tenant.</summary>
[Collection(DrivenClock.Alone)]
public sealed class FixChecksTests
{
    private const string TenantId = "b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c";
    private static readonly DateTimeOffset Start = DefenderHarness.Start;

    private static DefenderHarness Tenant(Action<SyncOptions>? tune = null)
    {
        var harness = DefenderHarness.SmallVulnerable();
        if (tune is not null)
        {
            harness.ConfigureServices = services => services.Configure(tune);
        }

        return harness;
    }

    // One fix per machine, on machines that really exist in the fake (each fixed there, so a check finds it gone).
    private static List<FixCandidate> FixesOnMachines(DefenderHarness harness, int count, DateTimeOffset? at = null) =>
        [.. Enumerable.Range(0, (int)harness.Tenant.VulnerabilityRowCount)
            .Select(i => harness.Tenant.VulnerabilityRow(i))
            .OfType<FakeVulnerabilityRow>()
            .Where(r => r.CveId is not null)
            .DistinctBy(r => r.DeviceId)
            .Take(count)
            .Select(r =>
            {
                harness.Tenant.FixVulnerability(r.DeviceId, r.CveId!);
                return new FixCandidate(new Risk(r.DeviceName.ToLowerInvariant(), r.CveId!, new RiskStatus(RiskState.Remediated, Severity.High)), r.CveId!, [r.DeviceId], at ?? Start);
            })];

    private static async Task<(RunResult Result, Checked Outcome)> CheckAsync(
        DefenderHarness harness, IReadOnlyList<FixCandidate> fixes, VulnerabilityCheckpoint? previous = null, Action<DeviceDirectory>? listed = null)
    {
        FixLedger? outcome = null;
        Task<RunResult> Run() => harness.RunWithServicesAsync(async (services, context, _, ct) =>
        {
            var devices = new DeviceDirectory();
            listed?.Invoke(devices);
            var output = new StreamOutput(context.Results, context.Summary.Stream("vulnerabilities"));
            outcome = Ledger(services, previous, fixes, output);
            await services.GetRequiredService<FixChecks>().RunAsync(outcome, devices, context, output, ct);
        });
        var result = (await harness.DriveAsync(Run)).Succeeded();
        return (result, new Checked(outcome!.Pending ?? throw new InvalidOperationException("A change sync's ledger always has its list of waiting fixes.")));
    }

    // What the checks left waiting for the next sync.
    private sealed record Checked(IReadOnlyList<PendingFix> Pending);

    // The ledger a change sync builds: the checkpoint's fixes, then the listed ones.
    internal static FixLedger Ledger(IServiceProvider services, VulnerabilityCheckpoint? previous, IEnumerable<FixCandidate> listed, StreamOutput output)
    {
        var ledger = FixLedger.Load(previous, services.GetRequiredService<TimeProvider>().GetUtcNow(), new HashSet<string>(), output.Counters);
        ledger.Admit(listed, output.Counters);
        return ledger;
    }

    private static Risk[] Remediated(RunResult result) => [.. result.Risks.Where(r => r.Status.State == RiskState.Remediated)];

    [Fact]
    public async Task A_404_for_a_machine_still_in_the_device_listing_is_no_answer_so_the_fix_waits()
    {
        var harness = Tenant();
        var fix = new FixCandidate(new Risk("listed-host", "CVE-2026-0004", new RiskStatus(RiskState.Remediated, Severity.High)), "CVE-2026-0004", ["listed-but-unknown"], Start);

        var (listed, waited) = await CheckAsync(harness, [fix], listed: devices => devices.Add("listed-but-unknown", "listed-host"));
        var (gone, _) = await CheckAsync(harness, [fix]);

        Assert.Empty(Remediated(listed));
        Assert.Equal("listed-but-unknown", Assert.Single(Assert.Single(waited.Pending).Machines));
        Assert.Single(Remediated(gone));
    }

    [Fact]
    public async Task The_machines_asked_count_their_calls_on_the_fix_checks_row()
    {
        var harness = Tenant();
        var fixes = FixesOnMachines(harness, 3);

        var (result, _) = await CheckAsync(harness, fixes);

        Assert.Equal(3, Remediated(result).Length);
        Assert.Equal(3, harness.Tenant.Requests.To(FakeEndpoint.MachineVulnerabilities).Count);
        Assert.Equal(3, result.Context.Summary.Stream(FixChecks.Stream).HttpCalls);
        Assert.Equal(0, result.Context.Summary.Stream("devices").HttpCalls);
    }

    [Fact]
    public async Task A_machine_whose_answer_breaks_off_leaves_its_fix_waiting_and_the_others_are_still_checked()
    {
        var harness = Tenant();
        var fixes = FixesOnMachines(harness, 2);
        for (var call = 1; call <= 3; call++)
        {
            // Every read of the first machine asked breaks off mid-body (3 reads); the second machine answers.
            harness.Tenant.Faults.OnCall(FakeEndpoint.MachineVulnerabilities, call, Fault.TruncatedBody(8));
        }

        var (result, outcome) = await CheckAsync(harness, fixes);

        var asked = harness.Tenant.Requests.To(FakeEndpoint.MachineVulnerabilities).Select(r => r.Path).ToList();
        Assert.Equal(4, asked.Count);
        var broken = fixes.Single(f => asked[0].Contains(f.DeviceIds.Single(), StringComparison.Ordinal));
        Assert.Equal(fixes.Single(f => f != broken).Risk.Key, Assert.Single(Remediated(result)).Key);
        Assert.Equal(broken.Cve, Assert.Single(outcome.Pending).Cve);
        Assert.Contains(harness.Logs.GetSnapshot(), l => l.Message.Contains("could not say its vulnerabilities", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_permission_on_the_machine_endpoint_fails_the_job_instead_of_leaving_fixes_waiting()
    {
        var harness = new DefenderHarness(time => new FakeDefenderTenantOptions
        {
            TimeProvider = time,
            Size = new FakeTenantSize(Devices: 25, Alerts: 0, VulnerabilityRows: 200, CveCatalogue: 20),
            Apps = [new FakeApp(FakeDefenderTenantOptions.DefaultClientId, FakeDefenderTenantOptions.DefaultClientSecret, [FakePermissions.SecurityAlertReadAll, FakePermissions.MachineReadAll])],
        });
        var fixes = FixesOnMachines(harness, 1);

        var run = await harness.RunWithServicesAsync(async (services, context, _, ct) =>
        {
            var output = new StreamOutput(context.Results, context.Summary.Stream("vulnerabilities"));
            await services.GetRequiredService<FixChecks>().RunAsync(Ledger(services, null, fixes, output), new DeviceDirectory(), context, output, ct);
        });

        var failure = Assert.IsType<CapabilityException>(run.Failure);
        Assert.Equal(CapabilityFailure.Credentials, failure.Failure);
        Assert.Contains("Vulnerability.Read.All", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_three_machines_in_a_row_cannot_answer_the_sync_stops_asking_and_everything_waits()
    {
        var harness = Tenant();
        var fixes = FixesOnMachines(harness, 5);
        for (var call = 1; call < 100; call++)
        {
            harness.Tenant.Faults.OnCall(FakeEndpoint.MachineVulnerabilities, call, Fault.ServerError(503));
        }

        var (result, outcome) = await CheckAsync(harness, fixes);

        Assert.Equal(3, harness.Tenant.Requests.To(FakeEndpoint.MachineVulnerabilities).Select(r => r.Path).Distinct().Count());
        Assert.Empty(Remediated(result));
        Assert.Equal(5, outcome.Pending.Count);
        Assert.Contains(harness.Logs.GetSnapshot(), l => l.Message.Contains("3 machines in a row could not say", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_fix_waiting_for_more_than_14_days_is_given_up_with_a_note_whatever_its_event_time()
    {
        var harness = Tenant();
        var old = new PendingFix("old-host", "CVE-2026-0005", Severity.High, ["machine-x"], FixedAt: null, WaitingSince: Start.AddDays(-15));
        var recent = new PendingFix("recent-host", "CVE-2026-0006", Severity.High, ["machine-y"], FixedAt: null, WaitingSince: Start.AddDays(-13));
        var previous = new VulnerabilityCheckpoint(Start.AddHours(-6), Start.AddDays(-1)) { Tenant = TenantId, Pending = [old, recent] };

        var (result, outcome) = await CheckAsync(harness, [], previous, devices => devices.Add("machine-y", "recent-host"));

        Assert.DoesNotContain(harness.Tenant.Requests.All, r => r.Path.Contains("machine-x", StringComparison.Ordinal));
        Assert.Equal("CVE-2026-0006", Assert.Single(outcome.Pending).Cve);
        Assert.Equal(Start.AddDays(-13), outcome.Pending[0].WaitingSince);
        Assert.Contains(result.Context.Summary.Notes, n => n.Contains("1 fixed vulnerabilities were given up unchecked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Past_the_waiting_limit_the_oldest_waiting_fixes_are_given_up()
    {
        var harness = Tenant(o => { o.MachinesPerSync = 1; o.MaxPending = 1; });
        var fixes = FixesOnMachines(harness, 3).Select((f, i) => f with { FixedAt = Start.AddMinutes(i) }).ToList();

        var (result, outcome) = await CheckAsync(harness, fixes);

        Assert.Equal(fixes[0].Risk.Key, Assert.Single(Remediated(result)).Key);
        Assert.Equal(fixes[2].Cve, Assert.Single(outcome.Pending).Cve);
        Assert.Contains(result.Context.Summary.Notes, n => n.Contains("1 fixed vulnerabilities were given up unchecked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_waiting_fix_without_a_waiting_time_starts_waiting_now_and_a_null_decided_entry_is_ignored()
    {
        var harness = Tenant();
        var fix = FixesOnMachines(harness, 1)[0];
        var json = new VulnerabilityCheckpoint(Start.AddHours(-6), Start.AddDays(-1))
        {
            Tenant = TenantId,
            Pending = [new PendingFix(fix.Risk.Dns, fix.Cve, Severity.High, [.. fix.DeviceIds], Start.AddDays(-20), WaitingSince: null)],
        }.ToJson().Replace("\"decided\":null", "\"decided\":[null]", StringComparison.Ordinal);
        var previous = VulnerabilityCheckpoint.FromJson(json);
        Assert.Null(previous!.Pending![0].WaitingSince);
        Assert.Contains(null, previous.Decided!);

        var (result, outcome) = await CheckAsync(harness, [], previous);

        Assert.Equal(fix.Risk.Key, Assert.Single(Remediated(result)).Key);
        Assert.Empty(outcome.Pending);
        Assert.DoesNotContain(result.Context.Summary.Notes, n => n.Contains("given up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_damaged_waiting_fix_in_the_checkpoint_is_dropped_not_fatal()
    {
        var harness = Tenant();
        var json = new VulnerabilityCheckpoint(Start.AddHours(-6), Start.AddDays(-1)) { Tenant = TenantId }.ToJson()
            .Replace("\"pending\":null", "\"pending\":[{\"host\":null,\"cve\":\"CVE-2026-0007\",\"severity\":\"H\",\"machines\":null,\"waitingSince\":\"2026-11-01T00:00:00Z\"}]", StringComparison.Ordinal);
        var previous = VulnerabilityCheckpoint.FromJson(json);
        Assert.NotNull(previous?.Pending);

        var (result, outcome) = await CheckAsync(harness, [], previous);

        Assert.Empty(outcome.Pending);
        Assert.Contains(result.Context.Summary.Notes, n => n.Contains("given up unchecked", StringComparison.Ordinal));
    }
}
