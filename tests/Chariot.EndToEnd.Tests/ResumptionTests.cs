using System.Text.Json;
using System.Text.RegularExpressions;
using Chariot.Capabilities.Defender.Testing;
using Chariot.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Chariot.EndToEnd.Tests;

/// <summary>
/// Issue 11: the host in its own process, killed (SIGKILL) or interrupted (SIGINT) at seeded random points of a sync of
/// a tenant whose alerts take many pages. Every checkpoint left is whole JSON (the old state or a later complete one),
/// and the next run with the same <c>--state</c> emits everything the stopped one did not: the union of both runs' keys
/// is the clean run's.
/// </summary>
public sealed partial class ResumptionTests(ResumptionTests.LargeTenant tenant, ITestOutputHelper log) : IClassFixture<ResumptionTests.LargeTenant>
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(60);

    // What a write cut off half way leaves in its temporary file: a watermark far in the future, never to be read.
    private const string TornTemporary = "{\"time\":\"2099-01-01T00:00:00Z\",\"sent\":[{\"id\":";

    /// <summary>
    /// Each kill point is one or two runs on the same state, each killed after a seeded random number of lines (the
    /// second, resuming from the first's checkpoints, shows a checkpoint that existed before a kill stays whole too),
    /// then one run to the end.
    /// </summary>
    [Theory]
    [InlineData(20260311, 3)]
    public async Task A_run_killed_at_random_points_leaves_whole_checkpoints_and_the_next_run_sends_the_rest(int seed, int killPoints)
    {
        var clean = tenant.Clean;
        log.WriteLine($"clean run: {clean.Lines} lines ({clean.Bytes / 1024} KB), {clean.Identities.Count} identities, {tenant.CleanWall.TotalSeconds:0.0} s");
        var random = new Random(seed);
        for (var point = 1; point <= killPoints; point++)
        {
            var stops = Enumerable.Range(0, random.Next(1, 3)).Select(_ => random.Next(1, clean.Lines * 4 / 5)).ToList();
            await StopAndResumeAsync(clean, $"seed {seed}, kill point {point} of {killPoints}: SIGKILL after {string.Join(" then ", stops)} of {clean.Lines} lines", stops, kill: true);
        }
    }

    [Theory]
    [InlineData(7, 1)]
    public async Task A_run_interrupted_with_ctrl_c_at_a_random_point_exits_130_and_the_next_run_sends_the_rest(int seed, int points)
    {
        var clean = tenant.Clean;
        log.WriteLine($"clean run: {clean.Lines} lines ({clean.Bytes / 1024} KB), {clean.Identities.Count} identities, {tenant.CleanWall.TotalSeconds:0.0} s");
        var random = new Random(seed);
        for (var point = 1; point <= points; point++)
        {
            var lines = random.Next(1, clean.Lines * 4 / 5);
            await StopAndResumeAsync(clean, $"seed {seed}, point {point} of {points}: Ctrl+C after {lines} of {clean.Lines} lines", [lines], kill: false);
        }
    }

    private async Task StopAndResumeAsync(CleanRun clean, string where, IReadOnlyList<int> stopsAfter, bool kill)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var state = tenant.NewPath("state");
        var union = new HashSet<string>(StringComparer.Ordinal);
        var report = new List<string>();
        foreach (var (stopAfter, index) in stopsAfter.Select((n, i) => (n, i + 1)))
        {
            // The first run starts from nothing, so it is stopped well before its end; a later one may end first.
            var (lines, note) = await StopAsync($"{where}, run {index}", state, stopAfter, kill, mayEnd: index > 1);
            union.UnionWith(Identities(lines));
            report.Add(note);
        }

        var resumedOut = tenant.NewPath("resumed.ndjson");
        using (var host = tenant.Start("--out", resumedOut, "--state", state))
        {
            var exit = await host.WaitAsync(RunLimit);
            Assert.True(exit == 0, $"{where}: the resumed run exited {exit}. stderr:\n{host.Error}");
        }

        var resumed = Emitted.ReadFile(resumedOut);
        union.UnionWith(Identities(resumed));
        var missing = clean.Identities.Except(union).Order(StringComparer.Ordinal).ToList();
        var extra = union.Except(clean.Identities).Order(StringComparer.Ordinal).ToList();
        log.WriteLine($"{where}: {string.Join("; ", report)}; resumed {resumed.Count} lines; union {union.Count} of {clean.Identities.Count} identities; {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(
            missing.Count == 0 && extra.Count == 0,
            $"{where}: the stopped runs and the resumed one ({resumed.Count} lines) do not add up to the clean run: " +
            $"{missing.Count} missing ({string.Join(", ", missing.Take(5))}), {extra.Count} extra ({string.Join(", ", extra.Take(5))}).");
    }

    // One run on the state, stopped once its output holds stopAfter lines (or ended by itself first): the lines it left
    // whole, after checking its checkpoints, with a torn temporary file planted beside each for the next run to ignore.
    private async Task<(IReadOnlyList<Emitted> Lines, string Note)> StopAsync(string where, string state, int stopAfter, bool kill, bool mayEnd)
    {
        var output = new ResultsFile(tenant.NewPath("stopped.ndjson"));
        int exit;
        bool reached;
        var signal = "SIGKILL";
        using (var host = tenant.Start("--out", output.Path, "--state", state))
        {
            reached = await output.WaitForLinesAsync(stopAfter, host, RunLimit);
            if (kill)
            {
                await host.KillAsync();
            }
            else
            {
                signal = await host.InterruptAsync();
            }

            exit = await host.WaitAsync(RunLimit);

            // 137: killed by SIGKILL; 130: stopped by Ctrl+C (or SIGTERM), handled. 0 only where the run may end first.
            Assert.True(exit == (kill ? 137 : 130) || (mayEnd && exit == 0), $"{where}: exit {exit} after {signal}. stderr:\n{host.Error}");
        }

        IReadOnlyList<Emitted> lines;
        bool cut;
        try
        {
            lines = ResultsFile.ReadWholeLines(output.Path, out cut);
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"{where}: a line before the last is not whole: {e.Message}");
        }

        // A handled Ctrl+C writes each line whole; only a kill may cut the last one.
        Assert.False(cut && !kill, $"{where}: the interrupted run left a cut line");
        var checkpoints = AssertWholeCheckpoints(state, where);
        PlantTornTemporaryFiles(state);
        var stopped = reached ? $"{signal}, exit {exit}" : "ended by itself first";
        return (lines, $"run {stopped}, {lines.Count} whole lines{(cut ? " and a cut one" : "")}, checkpoints [{string.Join(", ", checkpoints)}]");
    }

    // Every checkpoint file parses as JSON; anything else in the state folder is a temporary file a killed write left.
    private static List<string> AssertWholeCheckpoints(string state, string where)
    {
        var names = new List<string>();
        foreach (var file in Directory.Exists(state) ? Directory.GetFiles(state, "*", SearchOption.AllDirectories) : [])
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".checkpoint", StringComparison.Ordinal))
            {
                var text = File.ReadAllText(file);
                try
                {
                    using var json = JsonDocument.Parse(text);
                    Assert.True(json.RootElement.ValueKind == JsonValueKind.Object, $"{where}: {name} is not a JSON object");
                }
                catch (JsonException e)
                {
                    Assert.Fail($"{where}: the checkpoint {name} is torn ({text.Length} chars): {e.Message}");
                }

                names.Add(name);
            }
            else
            {
                Assert.True(TemporaryName().IsMatch(name), $"{where}: {name} in the state folder is neither a checkpoint nor a checkpoint's temporary file");
                names.Add(name + (File.ReadAllText(file) == TornTemporary ? " (planted)" : " (left by a kill)"));
            }
        }

        return names;
    }

    // A write killed half way leaves its temporary file beside the checkpoint: one more, cut off, must not be read.
    private static void PlantTornTemporaryFiles(string state)
    {
        foreach (var checkpoint in Directory.Exists(state) ? Directory.GetFiles(state, "*.checkpoint", SearchOption.AllDirectories) : [])
        {
            File.WriteAllText($"{checkpoint}.{Guid.NewGuid():N}.tmp", TornTemporary);
        }
    }

    private static IEnumerable<string> Identities(IEnumerable<Emitted> lines) => lines.Select(l => l.Type + " " + l.Key);

    [GeneratedRegex(@"^.+\.checkpoint\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TemporaryName();

    /// <summary>What a run from empty state sends: the reference every stopped-and-resumed pair must add up to.</summary>
    public sealed record CleanRun(int Lines, long Bytes, IReadOnlySet<string> Identities);

    /// <summary>
    /// A tenant whose sync takes a few seconds and many alert pages: 200 devices, 20,000 vulnerability rows and 2,000
    /// alerts (about 23 days of them, well inside the 30-day lookback) at 100 a page; the host in its own process.
    /// </summary>
    public sealed class LargeTenant() : FakeTenantFixture(new FakeDefenderTenantOptions
    {
        Size = new FakeTenantSize(Devices: 50, Alerts: 800, VulnerabilityRows: 1500, CveCatalogue: 150),
        GraphAlerts = GraphAlertsBehaviour.Documented with { MaxPageSize = 40 },
        RateLimits = Capabilities.Defender.Testing.Throttling.FakeRateLimits.Off,
    })
    {
        private string? _job;
        private string? _certificate;

        /// <summary>One run from empty state, made once for the class.</summary>
        public CleanRun Clean { get; private set; } = null!;

        /// <summary>How long the clean run took, start to exit.</summary>
        public TimeSpan CleanWall { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            _job = Job().WriteTo(WorkDirectory);
            _certificate = Path.Combine(WorkDirectory, "tenant.pem");
            await File.WriteAllTextAsync(_certificate, Server.Certificate.ExportCertificatePem());

            var output = NewPath("clean.ndjson");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var host = Start("--out", output, "--state", NewPath("state"));
            var exit = await host.WaitAsync(RunLimit);
            CleanWall = clock.Elapsed;
            if (exit != 0)
            {
                throw new InvalidOperationException($"The clean run exited {exit}. stderr:\n{host.Error}");
            }

            var lines = Emitted.ReadFile(output);
            Clean = new CleanRun(lines.Count, new FileInfo(output).Length, Identities(lines).ToHashSet(StringComparer.Ordinal));
        }

        /// <summary>Starts <c>chariot-host run</c> on this tenant's job with the plugins installed here, plus <paramref name="arguments"/>.</summary>
        public HostProcess Start(params string[] arguments) =>
            HostProcess.Start(_certificate!, ["run", "--job", _job!, "--plugins", PluginsDirectory, .. arguments]);
    }
}
