using System.Diagnostics;
using System.Text.Json;

namespace Chariot.Benchmarks.Sync.Tests;

/// <summary>
/// CI's share of the macro benchmark: a sync of about 10,000 records, and the same tenant ten times smaller, through the
/// host in its own process. Calls are checked exactly, memory as a ratio; time never (it is noise on a shared machine).
/// </summary>
public sealed class SmallRunTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    // The largest page each listing accepts (issue 9): machines 10,000, by-machine 200,000, catalogue 8,000, alerts 1,000.
    private static long Pages(long records, long page) => Math.Max(1, (records + page - 1) / page);

    [Fact]
    public async Task A_sync_makes_the_fewest_calls_the_api_allows_and_its_memory_barely_grows_with_the_tenant()
    {
        var runs = await CheckAsync();

        Assert.Equal(4, runs.Count);
        foreach (var run in runs)
        {
            var where = $"{run.Tenant}, {run.Source}";
            Assert.Equal(Pages(run.Size.Devices, 10_000), run.Streams["devices"].Calls);
            Assert.Equal(run.Source == "export" ? 1 : Pages(run.Size.VulnerabilityRows, 200_000), run.Streams["vulnerabilities"].Calls);
            Assert.Equal(Pages(run.Size.CveCatalogue, 8_000), run.Streams["definitions"].Calls);

            // One alert is asked for before anything is sent, so a missing permission fails the job before any output.
            Assert.Equal(Pages(run.Size.Alerts, 1_000) + 1, run.Streams["alerts"].Calls);
            Assert.Equal(run.Size.Devices, run.Streams["devices"].Received);
            Assert.Equal(run.Size.Alerts, run.Streams["alerts"].Received);
            Assert.Equal(run.Size.VulnerabilityRows, run.Streams["vulnerabilities"].Received);
            Assert.All(run.Streams, s => Assert.True(s.Value.Retries == 0 && s.Value.Throttled == 0, $"{where}: {s.Key} was retried or throttled"));
        }

        // Ten times the records cost a few MB over the runtime's own ~100 MB: a listing held in memory would show here.
        foreach (var source in new[] { "export", "by-machine" })
        {
            var large = runs.Single(r => r.Tenant == "ci" && r.Source == source).PeakResidentBytes;
            var small = runs.Single(r => r.Tenant == "ci-tenth" && r.Source == source).PeakResidentBytes;
            Assert.True(large <= small * 1.25, $"{source}: peak RSS {large / 1048576} MB for 10x the records, {small / 1048576} MB for the small tenant");
        }
    }

    private static async Task<List<CheckRun>> CheckAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(BenchmarkAssembly());
        start.ArgumentList.Add("check");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            // A guard, not a measurement: a check that hangs fails here instead of holding CI until its own limit.
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10), TimeProvider.System);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"check failed ({process.ExitCode}): {await error}");
        return JsonSerializer.Deserialize<List<CheckRun>>(await output, Web)!;
    }

    // The benchmark as this test's build made it: same configuration, in its own output folder.
    private static string BenchmarkAssembly()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Capabilities.sln")))
            {
                var path = Path.Combine(directory.FullName, "benchmarks", "Chariot.Benchmarks.Sync", "bin", configuration, "net10.0", "Chariot.Benchmarks.Sync.dll");
                return File.Exists(path) ? path : throw new FileNotFoundException("The benchmark is not built: build the solution first.", path);
            }
        }

        throw new DirectoryNotFoundException("Capabilities.sln was not found above the test's folder.");
    }

    private sealed record CheckRun(string Tenant, string Source, TenantSize Size, long PeakResidentBytes, Dictionary<string, StreamSummary> Streams);

    private sealed record TenantSize(long Devices, long Alerts, long VulnerabilityRows, long CveCatalogue);

    private sealed record StreamSummary(long Received, long Calls, long Retries, long Throttled);
}
