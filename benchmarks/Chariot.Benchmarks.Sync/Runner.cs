using System.Globalization;
using System.Text;
using System.Text.Json;
using Chariot.Benchmarks.Sync.Reference;

namespace Chariot.Benchmarks.Sync;

/// <summary>
/// The macro benchmark: each tenant served by a process of its own; the plain streaming client, the host with the
/// plugin, and (for alerts) the Graph SDK measured against it in the same run; one table with the ratios.
/// </summary>
internal sealed class Runner(bool small, string[] sources, bool withSdk, TextWriter console)
{
    // Runs of the host with and without alerts, for the medians of its alerts part.
    private const int AlertPartRuns = 3;

    private readonly List<Measurement> _rows = [];
    private PerRunResult? _perRun;

    public IReadOnlyList<Measurement> Rows => _rows;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("chariot-bench-").FullName;
        try
        {
            var size = small ? "small" : "large";
            foreach (var source in sources)
            {
                await WholeSyncAsync(size, source, work, cancellationToken);
            }

            if (!small)
            {
                // The memory bound is relative: the same sync of a tenant ten times smaller.
                await WholeSyncAsync("small", sources[0], work, cancellationToken, hostOnly: true);
            }

            // Each device's software (issue 14) by each source, with its own relative memory bound.
            foreach (var source in sources)
            {
                await SoftwareAsync(size, source, work, cancellationToken);
                if (!small)
                {
                    await SoftwareAsync("small", source, work, cancellationToken);
                }
            }

            await AlertsAsync("alerts-" + size, work, cancellationToken);
            await PerRunAsync(work, cancellationToken);
            return Report();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task WholeSyncAsync(string size, string source, string work, CancellationToken cancellationToken, bool hostOnly = false)
    {
        var scenario = $"whole sync, {size} tenant, {source}";
        await console.WriteLineAsync($"{scenario}: starting the tenant");
        await using var tenant = await TenantProcess.StartAsync(size, work, cancellationToken);
        if (!hostOnly)
        {
            await console.WriteLineAsync($"{scenario}: plain streaming client");
            var (reference, stats) = await ReferenceAsync(tenant, source, work, cancellationToken);
            _rows.Add(new Measurement(scenario, "plain client", reference.Wall.TotalSeconds, stats.Records.Values.Sum(), reference.PeakResidentBytes, stats.AllocatedBytes.Values.Sum(), Calls(stats.Calls)));
        }

        await console.WriteLineAsync($"{scenario}: host + plugin");
        var job = HostRuns.WriteJob(tenant.Connection, work, $"job-{size}-{source}", new Dictionary<string, string> { ["vulnerability_source"] = source });
        var host = await HostProcessAsync(tenant, job, work, cancellationToken);
        var summary = HostRuns.Summary(host.Error);
        _rows.Add(new Measurement(scenario, "host + plugin", host.Wall.TotalSeconds, summary.Values.Sum(s => s.Received), host.PeakResidentBytes, null, Calls(summary.ToDictionary(s => s.Key, s => s.Value.Calls))));
    }

    // Software alone (vulnerabilities and alerts off; devices are read for the assets the relationships start from).
    private async Task SoftwareAsync(string size, string source, string work, CancellationToken cancellationToken)
    {
        var scenario = $"software ({source}), {size} tenant";
        await console.WriteLineAsync($"{scenario}: starting the tenant");
        await using var tenant = await TenantProcess.StartAsync(size, work, cancellationToken);
        await console.WriteLineAsync($"{scenario}: host + plugin");
        var job = HostRuns.WriteJob(tenant.Connection, work, $"job-software-{size}-{source}", new Dictionary<string, string>
        {
            ["vulnerability_source"] = source,
            ["importVulnerabilities"] = "false",
            ["import_alerts"] = "false",
            ["import_software"] = "true",
        });
        var host = await HostProcessAsync(tenant, job, work, cancellationToken);
        var summary = HostRuns.Summary(host.Error);
        _rows.Add(new Measurement(scenario, "host + plugin", host.Wall.TotalSeconds, summary.GetValueOrDefault("software")?.Received ?? 0, host.PeakResidentBytes, null, Calls(summary.ToDictionary(s => s.Key, s => s.Value.Calls))));
    }

    private async Task AlertsAsync(string size, string work, CancellationToken cancellationToken)
    {
        var scenario = "alerts, 1,000 devices";
        await console.WriteLineAsync($"{scenario}: starting the tenant");
        await using var tenant = await TenantProcess.StartAsync(size, work, cancellationToken);
        var (reference, stats) = await ReferenceAsync(tenant, "by-machine", work, cancellationToken);
        _rows.Add(new Measurement(scenario, "plain client (alerts part)", stats.Seconds["alerts"], stats.Records["alerts"], reference.PeakResidentBytes, stats.AllocatedBytes["alerts"], Calls(new() { ["alerts"] = stats.Calls["alerts"] })));

        var job = HostRuns.WriteJob(tenant.Connection, work, "job-alerts", new Dictionary<string, string> { ["importVulnerabilities"] = "false" });
        var host = await HostProcessAsync(tenant, job, work, cancellationToken);
        var summary = HostRuns.Summary(host.Error);
        _rows.Add(new Measurement(scenario, "host + plugin (whole job)", host.Wall.TotalSeconds, summary.GetValueOrDefault("alerts")?.Received ?? 0, host.PeakResidentBytes, null, Calls(summary.ToDictionary(s => s.Key, s => s.Value.Calls))));

        // The alerts part of the host's run: the same job with and without alerts, each in a fresh process, subtracted; the
        // medians of three runs of each, alternating (one of each gave 0.43x and 0.58x of the plain client in two runs of a
        // quiet machine: a process's start varies by a few tenths of a second).
        var noAlerts = HostRuns.WriteJob(tenant.Connection, work, "job-no-alerts", new Dictionary<string, string> { ["importVulnerabilities"] = "false", ["import_alerts"] = "false" });
        var withAlerts = new List<InProcessResult>();
        var baseline = new List<InProcessResult>();
        for (var i = 0; i < AlertPartRuns; i++)
        {
            withAlerts.Add(await InProcessAsync(tenant, job, work, cancellationToken));
            baseline.Add(await InProcessAsync(tenant, noAlerts, work, cancellationToken));
        }

        _rows.Add(new Measurement(
            scenario,
            "host + plugin, in process (alerts part)",
            Quantile.Of(withAlerts.Select(r => r.Seconds), 1, 2) - Quantile.Of(baseline.Select(r => r.Seconds), 1, 2),
            withAlerts[0].Alerts,
            0,
            (long)(Quantile.Of(withAlerts.Select(r => (double)r.AllocatedBytes), 1, 2) - Quantile.Of(baseline.Select(r => (double)r.AllocatedBytes), 1, 2)),
            ""));

        if (withSdk)
        {
            var sdk = await ChildProcess.RunAsync(Self.Dotnet, [Self.Assembly, "sdk", "--connection", tenant.ConnectionFile], null, cancellationToken);
            var result = JsonSerializer.Deserialize<SdkResult>(sdk.Out, Json.Options) ?? throw new InvalidOperationException("sdk: " + sdk.Error);
            _rows.Add(new Measurement(scenario, "Graph SDK 6.10 (fetch + parse)", result.Seconds, result.Alerts, sdk.PeakResidentBytes, result.AllocatedBytes, ""));
        }
    }

    private async Task PerRunAsync(string work, CancellationToken cancellationToken)
    {
        await console.WriteLineAsync("per job: 1,000 empty jobs in one host runtime");
        await using var tenant = await TenantProcess.StartAsync("alerts-small", work, cancellationToken);
        var run = await ChildProcess.RunAsync(Self.Dotnet, [Self.Assembly, "per-run", "--connection", tenant.ConnectionFile, "--runs", "1000"], Trust(tenant), cancellationToken);
        _perRun = run.ExitCode == 0
            ? JsonSerializer.Deserialize<PerRunResult>(run.Out, Json.Options)
            : throw new InvalidOperationException($"per-run failed (exit {run.ExitCode}): {run.Error}");
    }

    private static async Task<InProcessResult> InProcessAsync(TenantProcess tenant, string job, string work, CancellationToken cancellationToken)
    {
        var run = await ChildProcess.RunAsync(Self.Dotnet, [Self.Assembly, "host-in-process", "--job", job, "--out", Path.Combine(work, "in-process.ndjson")], Trust(tenant), cancellationToken);
        return run.ExitCode == 0
            ? JsonSerializer.Deserialize<InProcessResult>(run.Out, Json.Options)!
            : throw new InvalidOperationException($"The host in process failed (exit {run.ExitCode}): {run.Error}");
    }

    private static async Task<(ChildRun Run, ClientStats Stats)> ReferenceAsync(TenantProcess tenant, string source, string work, CancellationToken cancellationToken)
    {
        var run = await ChildProcess.RunAsync(Self.Dotnet, [Self.Assembly, "reference", "--connection", tenant.ConnectionFile, "--source", source, "--out", Path.Combine(work, "reference.ndjson")], null, cancellationToken);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException("The plain client failed: " + run.Error);
        }

        return (run, JsonSerializer.Deserialize<ClientStats>(run.Out, Json.Options)!);
    }

    public static async Task<ChildRun> HostProcessAsync(TenantProcess tenant, string job, string work, CancellationToken cancellationToken)
    {
        var host = Path.Combine(Self.HostDirectory, "chariot-host.dll");
        var run = await ChildProcess.RunAsync(Self.Dotnet, [host, "run", "--job", job, "--out", Path.Combine(work, "host.ndjson")], Trust(tenant), cancellationToken);
        return run.ExitCode == 0 ? run : throw new InvalidOperationException($"The host failed (exit {run.ExitCode}): {run.Error}");
    }

    // The host trusts the benchmark server as it would a private CA: through the platform's trust store variable.
    private static Dictionary<string, string> Trust(TenantProcess tenant) => new() { ["SSL_CERT_FILE"] = tenant.Connection.CertificatePem };

    private static string Calls(Dictionary<string, long> calls) =>
        string.Join(", ", calls.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));

    private string Report()
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | client | wall s | records | records/s | peak RSS MB | allocated B/record | HTTP calls |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in _rows)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Scenario} | {row.Client} | {row.Seconds:0.00} | {row.Records:N0} | {row.RecordsPerSecond:N0} | {(row.PeakResidentBytes > 0 ? (row.PeakResidentBytes / 1048576.0).ToString("0", CultureInfo.InvariantCulture) : "")} | {(row.BytesPerRecord is { } b ? b.ToString("N0", CultureInfo.InvariantCulture) : "")} | {row.Calls} |"));
        }

        text.AppendLine();
        foreach (var ratio in Ratios())
        {
            text.AppendLine("- " + ratio);
        }

        return text.ToString();
    }

    private IEnumerable<string> Ratios()
    {
        foreach (var scenario in _rows.Select(r => r.Scenario).Where(s => s.StartsWith("whole sync", StringComparison.Ordinal)).Distinct())
        {
            var plain = _rows.FirstOrDefault(r => r.Scenario == scenario && r.Client.StartsWith("plain", StringComparison.Ordinal));
            var host = _rows.FirstOrDefault(r => r.Scenario == scenario && r.Client.StartsWith("host + plugin", StringComparison.Ordinal) && r.PeakResidentBytes > 0);
            if (plain is not null && host is not null)
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"{scenario}: host wall time {host.Seconds / plain.Seconds:0.00}x the plain client's; peak RSS {host.PeakResidentBytes / (double)plain.PeakResidentBytes:0.00}x ({host.PeakResidentBytes / 1048576.0:0} MB vs {plain.PeakResidentBytes / 1048576.0:0} MB)");
            }
        }

        var inProcess = _rows.FirstOrDefault(r => r.Client.Contains("in process", StringComparison.Ordinal));
        var plainAlerts = _rows.FirstOrDefault(r => r.Client == "plain client (alerts part)");
        var sdk = _rows.FirstOrDefault(r => r.Client.StartsWith("Graph SDK", StringComparison.Ordinal));
        if (inProcess is not null && plainAlerts is not null)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"alerts: host + plugin {inProcess.RecordsPerSecond / plainAlerts.RecordsPerSecond:0.00}x the plain client's alerts/s (alerts parts of both runs)");
        }

        if (inProcess?.BytesPerRecord is { } hostBytes && sdk?.BytesPerRecord is { } sdkBytes)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"alerts: host + plugin allocate {hostBytes / sdkBytes:0.000}x the Graph SDK's bytes per alert; the SDK fetches and parses at {sdk.RecordsPerSecond / plainAlerts!.RecordsPerSecond:0.00}x the plain client's alerts/s");
        }

        if (_perRun is { Memory: [var first, .., var last] } perRun)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"per job, 1,000 empty jobs in one host runtime: the first (loads the plugin) {perRun.FirstMilliseconds:0} ms, then median {perRun.MedianMilliseconds:0.0} ms, p90 {perRun.P90Milliseconds:0.0} ms; managed heap after {first.Runs} jobs {first.ManagedBytes / 1048576.0:0.0} MB, after {last.Runs} {last.ManagedBytes / 1048576.0:0.0} MB; resident {first.ResidentBytes / 1048576.0:0} MB -> {last.ResidentBytes / 1048576.0:0} MB");
        }

        foreach (var source in new[] { "export", "by-machine" })
        {
            var largeSoftware = _rows.FirstOrDefault(r => r.Scenario == $"software ({source}), large tenant");
            var smallSoftware = _rows.FirstOrDefault(r => r.Scenario == $"software ({source}), small tenant");
            if (largeSoftware is not null && smallSoftware is not null)
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"software ({source}): {largeSoftware.Records:N0} vs {smallSoftware.Records:N0} inventory rows; host peak RSS {largeSoftware.PeakResidentBytes / 1048576.0:0} MB vs {smallSoftware.PeakResidentBytes / 1048576.0:0} MB, {largeSoftware.PeakResidentBytes / (double)smallSoftware.PeakResidentBytes:0.00}x for 10x the rows");
            }
        }

        var large = _rows.FirstOrDefault(r => r.Scenario.StartsWith("whole sync, large", StringComparison.Ordinal) && r.Client == "host + plugin");
        var smallRun = _rows.FirstOrDefault(r => r.Scenario.StartsWith("whole sync, small", StringComparison.Ordinal) && r.Client == "host + plugin");
        if (large is not null && smallRun is not null)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"host peak RSS, large tenant vs 10x smaller: {large.PeakResidentBytes / (double)smallRun.PeakResidentBytes:0.00}x");
        }
    }
}

internal sealed record InProcessResult(int ExitCode, double Seconds, long Alerts, long AllocatedBytes);

internal sealed record SdkResult(long Alerts, double Seconds, long AllocatedBytes);
