using System.Text.Json;
using Chariot.Capabilities.Defender.Testing;

namespace Chariot.Benchmarks.Sync;

/// <summary>
/// <c>check</c>: the small run CI makes. The host syncs a tenant of about 10,000 records, then the same tenant ten times
/// smaller, through both vulnerability sources, each in a process of its own against a tenant in another; what it
/// reports (HTTP calls, retries and 429s per stream, peak resident memory) is printed as JSON. No time is measured: CI
/// checks counts and ratios only.
/// </summary>
internal static class CheckCommand
{
    /// <summary>About 10,000 records; alerts span two pages.</summary>
    public static FakeTenantSize Ci { get; } = new(Devices: 1_000, Alerts: 1_500, VulnerabilityRows: 10_000, CveCatalogue: 600);

    /// <summary>Ten times smaller.</summary>
    public static FakeTenantSize CiTenth { get; } = new(Devices: 100, Alerts: 150, VulnerabilityRows: 1_000, CveCatalogue: 60);

    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("chariot-check-").FullName;
        try
        {
            var runs = new List<CheckRun>();
            foreach (var (name, size) in new[] { ("ci", Ci), ("ci-tenth", CiTenth) })
            {
                await using var tenant = await TenantProcess.StartAsync(name, work, cancellationToken);
                foreach (var source in new[] { "export", "by-machine" })
                {
                    var job = HostRuns.WriteJob(tenant.Connection, work, $"job-{name}-{source}", new Dictionary<string, string> { ["vulnerability_source"] = source });
                    var host = await Runner.HostProcessAsync(tenant, job, work, cancellationToken);
                    runs.Add(new CheckRun(name, source, size, host.PeakResidentBytes, HostRuns.Summary(host.Error)));
                }
            }

            await output.WriteAsync(JsonSerializer.Serialize(runs, Json.Options));
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}

/// <summary>One host run of the check: the tenant, the vulnerability source, and what the host reported.</summary>
internal sealed record CheckRun(string Tenant, string Source, FakeTenantSize Size, long PeakResidentBytes, IReadOnlyDictionary<string, StreamSummary> Streams);
