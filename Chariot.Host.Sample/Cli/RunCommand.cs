using System.Globalization;
using System.CommandLine;
using Chariot.Capabilities.Checkpoints;
using Chariot.Capabilities.Models;
using Chariot.Host.Sample.Jobs;
using Chariot.Host.Sample.Output;
using Chariot.Host.Sample.Sandbox;

namespace Chariot.Host.Sample.Cli;

/// <summary><c>run</c>: run jobs (or the sandbox job) and write their results as NDJSON.</summary>
internal static class RunCommand
{
    public static Command Create(HostEnvironment environment)
    {
        var jobs = new Option<string[]>("--job")
        {
            Description = "A job file; repeat to run several jobs.",
            HelpName = "FILE",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var sandbox = new Option<bool>("--sandbox") { Description = "Run the Defender plugin against a fake tenant on loopback HTTPS: no credentials needed." };
        var output = new Option<string?>("--out") { Description = "Write results to FILE instead of stdout.", HelpName = "FILE" };
        var state = new Option<string?>("--state") { Description = "Keep checkpoints in DIR, so the next run is incremental.", HelpName = "DIR" };
        var parallel = new Option<int>("--parallel") { Description = "Run up to N jobs at once.", HelpName = "N", DefaultValueFactory = _ => 1 };
        var every = new Option<string?>("--every")
        {
            Description = "Repeat until stopped, waiting DURATION between runs (90s, 15m, 1h; default: {INTEGRATION}_SYNC_INTERVAL seconds).",
            HelpName = "DURATION",
        };
        var plugins = CommonOptions.Plugins();
        var verbose = CommonOptions.Verbose();
        var command = new Command("run", "Run jobs and write what they find as NDJSON.") { jobs, sandbox, output, state, parallel, every, plugins, verbose };
        // Parsed here rather than validated after System.CommandLine's own parsing: a value it cannot convert would make the
        // validator throw instead of saying what to put there.
        parallel.CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= MaxParallel)
            {
                return count;
            }

            r.AddError($"--parallel takes a whole number of jobs from 1 to {MaxParallel}; '{text}' is not one.");
            return 1;
        };
        every.Validators.Add(r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : null;
            if (DurationParser.Parse(text) is null)
            {
                r.AddError($"--every takes {DurationParser.Expected}; '{text}' is not one.");
            }
        });
        output.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && OutputProblem(r.Tokens[0].Value) is { } problem)
            {
                r.AddError($"--out takes a file for the results; {problem}.");
            }
        });
        state.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && FileInTheWay(r.Tokens[0].Value) is { } file)
            {
                r.AddError(file == r.Tokens[0].Value
                    ? $"--state takes a directory for the checkpoints; '{file}' is a file."
                    : $"--state takes a directory for the checkpoints; '{file}', on its path, is a file.");
            }
        });

        command.SetAction(async (parse, cancellationToken) =>
        {
            var jobFiles = parse.GetValue(jobs) ?? [];
            var isSandbox = parse.GetValue(sandbox);
            if (isSandbox == (jobFiles.Length > 0))
            {
                await environment.Error.WriteLineAsync("error: give --job FILE (one or more) or --sandbox.");
                return ExitCodes.Usage;
            }

            var options = new RunOptions(parse.GetValue(output), parse.GetValue(state), parse.GetValue(parallel), DurationParser.Parse(parse.GetValue(every)), parse.GetValue(plugins), parse.GetValue(verbose));
            return isSandbox
                ? await RunSandboxAsync(environment, options, cancellationToken)
                : await RunJobFilesAsync(environment, jobFiles, options, cancellationToken);
        });
        return command;
    }

    // Checked before any work: the results file is made only once a job runs, in a folder that must exist.
    private static string? OutputProblem(string path)
    {
        if (Directory.Exists(path))
        {
            return $"'{path}' is a directory";
        }

        string? folder;
        try
        {
            folder = Path.GetDirectoryName(Path.GetFullPath(path));
        }
        catch (ArgumentException)
        {
            return $"'{path}' is not a path";
        }

        return folder is null || Directory.Exists(folder) ? null : $"its folder '{folder}' does not exist (create it first)";
    }

    // The path itself, or the nearest of its folders that exists, when that is a file: the folder can never be made.
    private static string? FileInTheWay(string path)
    {
        try
        {
            for (var at = path; !string.IsNullOrEmpty(at); at = Path.GetDirectoryName(Path.GetFullPath(at)))
            {
                if (File.Exists(at))
                {
                    return at;
                }

                if (Directory.Exists(at))
                {
                    return null;
                }
            }
        }
        catch (ArgumentException)
        {
            return null;
        }

        return null;
    }

    /// <summary>The most jobs run at once: well beyond what a host's connections and memory serve usefully.</summary>
    private const int MaxParallel = 256;

    private static async Task<int> RunJobFilesAsync(HostEnvironment environment, string[] jobFiles, RunOptions options, CancellationToken cancellationToken)
    {
        using var runtime = new HostRuntime(environment, options.Plugins, options.Verbose);
        var jobs = new List<Job>();
        TimeSpan? every;
        try
        {
            foreach (var file in jobFiles)
            {
                jobs.Add(await JobFile.ReadAsync(file, cancellationToken));
            }

            every = options.Every ?? DefaultInterval(environment, jobs[0]);
        }
        catch (HostUsageException e)
        {
            runtime.ReportError(e.Message);
            return ExitCodes.Usage;
        }

        return await RunAsync(runtime, jobs, options, every, cancellationToken);
    }

    private static async Task<int> RunSandboxAsync(HostEnvironment environment, RunOptions options, CancellationToken cancellationToken)
    {
        using var probe = new HostRuntime(environment, options.Plugins, options.Verbose);
        if (SandboxTenant.MissingPlugin(probe.Catalog) is { } problem)
        {
            probe.ReportError(problem);
            return ExitCodes.Usage;
        }

        await using var sandbox = await SandboxTenant.StartAsync(environment.Time, cancellationToken);
        using var runtime = new HostRuntime(environment, options.Plugins, options.Verbose, sandbox.HttpHandlers);
        runtime.Error.WriteLine($"sandbox: fake Defender tenant on {sandbox.Job.Config["graph_endpoint"]} (and siblings); running the real plugin against it");
        return await RunAsync(runtime, [sandbox.Job], options, options.Every, cancellationToken);
    }

    private static async Task<int> RunAsync(HostRuntime runtime, IReadOnlyList<Job> jobs, RunOptions options, TimeSpan? every, CancellationToken cancellationToken)
    {
        ICheckpointStore checkpoints = options.State is null ? new InMemoryCheckpointStore() : new FileCheckpointStore(options.State, runtime.Environment.Time);
        await using var results = NdjsonResultWriter.Open(options.Out, runtime.Environment.Out, runtime.Redactor);
        var runner = new JobRunner(runtime, checkpoints);
        return await PeriodicSync.RunAsync(
            ct => RunBatchAsync(runner, jobs, results, options.Parallel, runtime.Environment, ct),
            every,
            runtime.Time,
            runtime.Error,
            cancellationToken);
    }

    private static async Task<int> RunBatchAsync(JobRunner runner, IReadOnlyList<Job> jobs, NdjsonResultWriter results, int parallel, HostEnvironment environment, CancellationToken cancellationToken)
    {
        using var trimmer = NativeHeapTrimmer.Start(environment.TrimNativeHeap, environment.Time);
        var exitCodes = new int[jobs.Count];
        var request = new JobRequest.Run(results);
        try
        {
            // Ctrl+C stops the batch too: no job that has not started yet is started.
            await Parallel.ForEachAsync(
                Enumerable.Range(0, jobs.Count),
                new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
                async (index, _) => exitCodes[index] = await runner.RunAsync(jobs[index], request, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }

        return ExitCodes.Worst(exitCodes);
    }

    // DEFENDER_SYNC_INTERVAL for a defender job: the variable is named after the job's integration, so the host stays generic.
    private static TimeSpan? DefaultInterval(HostEnvironment environment, Job job)
    {
        if (job.Integration is not { } integration)
        {
            return null;
        }

        var variable = $"{integration.Name.ToUpperInvariant()}_SYNC_INTERVAL";
        var text = environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(text)
            ? null
            : DurationParser.Parse(text) ?? throw new HostUsageException($"{variable} is '{text}': put a number of seconds such as 3600, or {DurationParser.Expected}; or unset it.");
    }

    private sealed record RunOptions(string? Out, string? State, int Parallel, TimeSpan? Every, string? Plugins, bool Verbose);
}
