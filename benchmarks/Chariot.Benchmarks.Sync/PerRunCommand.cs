using System.Diagnostics;
using System.Text.Json;

namespace Chariot.Benchmarks.Sync;

/// <summary>
/// <c>per-run</c>: what one job costs the host beyond its data. One host runtime (as one <c>run</c> command, or a
/// long-lived runner) runs an empty job (every stream switched off: the plugin's services are built, its tokens
/// fetched, its capability run and disposed) again and again, as Chariot's runner runs one job after another; each job
/// is timed, and memory is read every 100 jobs after a full collection. The first job also loads the plugin.
/// </summary>
internal static class PerRunCommand
{
    public static async Task<int> RunAsync(Connection connection, int count, TextWriter output, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("chariot-per-run-").FullName;
        try
        {
            var job = HostRuns.WriteJob(connection, work, "empty", new Dictionary<string, string>
            {
                ["importAssets"] = "false",
                ["importVulnerabilities"] = "false",
                ["import_alerts"] = "false",
            });
            var environment = new Chariot.Host.Sample.HostEnvironment { Out = TextWriter.Null, Error = TextWriter.Null };
            using var runtime = new Chariot.Host.Sample.Jobs.HostRuntime(environment, Path.Combine(Self.HostDirectory, "plugins"), verbose: false);
            await using var results = Chariot.Host.Sample.Output.NdjsonResultWriter.Open(Path.Combine(work, "empty.ndjson"), TextWriter.Null, runtime.Redactor);
            var runner = new Chariot.Host.Sample.Jobs.JobRunner(runtime, new Chariot.Capabilities.Checkpoints.InMemoryCheckpointStore());
            var request = new Chariot.Host.Sample.Jobs.JobRequest.Run(results);
            var emptyJob = await Chariot.Host.Sample.Jobs.JobFile.ReadAsync(job, cancellationToken);
            var milliseconds = new List<double>(count);
            var memory = new List<MemoryAt>();
            for (var run = 1; run <= count; run++)
            {
                var clock = Stopwatch.StartNew();
                var exitCode = await runner.RunAsync(emptyJob, request, cancellationToken);
                milliseconds.Add(clock.Elapsed.TotalMilliseconds);
                if (exitCode != 0)
                {
                    throw new InvalidOperationException($"Job {run} failed (exit {exitCode}).");
                }

                if (run % 100 == 0)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                    memory.Add(new MemoryAt(run, GC.GetTotalMemory(forceFullCollection: true), Environment.WorkingSet));
                }
            }

            var result = new PerRunResult(count, milliseconds[0], Quantile.Of(milliseconds, 1, 2), Quantile.Of(milliseconds, 9, 10), memory);
            await output.WriteAsync(JsonSerializer.Serialize(result, Json.Options));
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}

/// <summary>The process's memory after a number of runs: managed heap after a full collection, and resident set.</summary>
internal sealed record MemoryAt(int Runs, long ManagedBytes, long ResidentBytes);

/// <summary>What <c>per-run</c> measured.</summary>
internal sealed record PerRunResult(int Runs, double FirstMilliseconds, double MedianMilliseconds, double P90Milliseconds, IReadOnlyList<MemoryAt> Memory);
