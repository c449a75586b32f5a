using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Chariot.Capabilities;
using Chariot.Capabilities.Checkpoints;
using Chariot.Capabilities.Emission;
using Chariot.Capabilities.Models;
using Chariot.Host.Sample.Cli;
using Chariot.Host.Sample.Plugins;

namespace Chariot.Host.Sample.Jobs;

/// <summary>
/// Runs one job: finds the installed plugin whose capability matches it (each candidate loaded into its own collectible
/// context once per command, see <see cref="PluginCache"/>), runs the request with the job's own services, and prints
/// the summary.
/// </summary>
internal sealed class JobRunner
{
    private readonly HostRuntime _runtime;
    private readonly ICheckpointStore _checkpoints;

    /// <summary>Runs jobs with <paramref name="runtime"/>, keeping checkpoints in <paramref name="checkpoints"/>.</summary>
    public JobRunner(HostRuntime runtime, ICheckpointStore checkpoints)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(checkpoints);
        _runtime = runtime;
        _checkpoints = checkpoints;
    }

    /// <summary>Runs <paramref name="job"/>; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public async Task<int> RunAsync(Job job, JobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(request);

        // Secrets are registered for masking as soon as the plugin is loaded, before it runs or anything is written:
        // then its card says which secret keys are plain identifiers (a tenant id), which results legitimately carry.

        var candidates = Candidates(job);
        if (candidates.Count == 0)
        {
            _runtime.ReportError($"No plugins are installed in '{_runtime.Catalog.PluginsDirectory}': install one with 'plugins install FILE.nupkg'.");
            return ExitCodes.Usage;
        }

        var refusals = new List<string>();
        foreach (var installed in candidates)
        {
            if (await TryPluginAsync(installed, job, request, refusals, cancellationToken) is { } exitCode)
            {
                return exitCode;
            }
        }

        _runtime.ReportError($"No installed plugin handles the job for {job.Target?.Key}: {string.Join("; ", refusals)}.");
        return ExitCodes.Usage;
    }

    // Never inlined, and every reference to the job's plugin objects lives in this frame: once it returns, nothing of the
    // job holds the plugin's context, and the GC can collect it when the cache unloads it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task<int?> TryPluginAsync(InstalledPlugin installed, Job job, JobRequest request, List<string> refusals, CancellationToken cancellationToken)
    {
        PluginCache.Lease lease;
        try
        {
            lease = _runtime.Plugins.Acquire(installed);
        }
        catch (Exception e) when (e is PluginLoadException or FileNotFoundException or BadImageFormatException or FileLoadException or TypeLoadException)
        {
            refusals.Add($"{installed.Id} {installed.Version} could not be loaded ({e.Message})");
            return null;
        }

        using (lease)
        {
            foreach (var plugin in lease.Plugin.Plugins)
            {
                var jobForPlugin = EnvironmentDefaultsApplier.Apply(job, plugin.Metadata, _runtime.Environment.GetEnvironmentVariable);
                _runtime.Redactor.Add(jobForPlugin.Secret.ValuesForRedaction(plugin.Metadata.Card?.PlainSecretKeys() ?? []));
                JobSession session;
                try
                {
                    session = JobSession.Open(plugin, jobForPlugin, _runtime, _checkpoints);
                }
                catch (CapabilityException e)
                {
                    return Fail(e);
                }

                await using (session)
                {
                    var match = ShortSecrets.Check(jobForPlugin.Secret, plugin.Metadata.Card?.PlainSecretKeys() ?? []) ?? session.Capability.Match();
                    switch (match.Outcome)
                    {
                        case MatchOutcome.NotThisCapability:
                            refusals.Add($"{installed.Id} ({plugin.Metadata.Name}): {match.Problem}");
                            continue;
                        case MatchOutcome.InvalidConfiguration:
                            var problem = $"The job's '{match.Key}' is not usable: {match.Problem}";
                            if (request is JobRequest.Validate)
                            {
                                // The UI's validate button reads stdout: a configuration problem is an answer too.
                                _runtime.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                                {
                                    ["valid"] = false,
                                    ["failure"] = "configuration",
                                    ["key"] = match.Key!,
                                    ["message"] = problem,
                                }));
                            }

                            _runtime.ReportError(problem);
                            return ExitCodes.Usage;
                    }

                    return await ExecuteAsync(session, jobForPlugin, request, cancellationToken);
                }
            }
        }

        return null;
    }

    private async Task<int> ExecuteAsync(JobSession session, Job job, JobRequest request, CancellationToken cancellationToken)
    {
        try
        {
            switch (request)
            {
                case JobRequest.Run run:
                    return await InvokeAsync(session, job, run.Results, cancellationToken);
                case JobRequest.Validate:
                    await session.Capability.ValidateCredentialsAsync(cancellationToken);
                    _runtime.Out.WriteLine("""{"valid":true}""");
                    return ExitCodes.Success;
                case JobRequest.Affiliation affiliation:
                    var affiliated = await session.Capability.CheckAffiliationAsync(affiliation.Asset, cancellationToken);
                    _runtime.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["asset"] = affiliation.Asset.Key, ["affiliated"] = affiliated }));
                    return ExitCodes.Success;
                default:
                    throw new ArgumentOutOfRangeException(nameof(request), request, "Unknown request.");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _runtime.ReportError($"The job for {job.Target?.Key} was stopped; only the progress it had checkpointed along the way was saved.");
            return ExitCodes.Interrupted;
        }
        catch (CapabilityException e)
        {
            if (request is JobRequest.Validate)
            {
                _runtime.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["valid"] = false,
                    ["failure"] = e.Failure.ToString().ToLowerInvariant(),
                    ["message"] = e.Message,
                }));
            }

            return Fail(e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A plugin bug, not a user error: say what happened; the stack trace is for --verbose.
            _runtime.ReportError($"The capability failed unexpectedly: {e.GetType().Name}: {e.Message}" + (_runtime.Verbose ? Environment.NewLine + e : ""));
            return ExitCodes.CapabilityFailed;
        }
    }

    private async Task<int> InvokeAsync(JobSession session, Job job, Output.NdjsonResultWriter results, CancellationToken cancellationToken)
    {
        var label = job.Target?.Key ?? job.Key;
        try
        {
            // The results file is made as the first job starts, before it calls anyone: one that cannot be is said now.
            await results.CreateAsync();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _runtime.ReportError($"The results cannot be written: {e.Message}");
            return ExitCodes.Usage;
        }

        var progress = ProgressReporter.Start(session.Context, _runtime.Error, _runtime.Time, _runtime.Environment.ProgressInterval, label);
        try
        {
            // Results reach the disk before any checkpoint moves past them.
            var checkpoints = new ResultsFirstCheckpoints(_checkpoints, results);
            await ResultPump.RunAsync(session.Channel, session.Capability.InvokeAsync, results.WriteAsync, checkpoints, cancellationToken);
            return ExitCodes.Success;
        }
        finally
        {
            progress.Dispose();
            await results.FlushAsync();
            PrintSummary(session.Context, label);
        }
    }

    private void PrintSummary(JobContext context, string label)
    {
        var counts = context.Results.Counts;
        _runtime.Error.WriteLine($"summary {label}:");
        _runtime.Error.Write(context.Summary.ToTable());
        _runtime.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"sent {counts.Assets} assets, {counts.Risks} risks, {counts.Attributes} attributes, {counts.Files} files; filtered {counts.AssetsFiltered} assets, {counts.RisksFiltered} risks, {counts.AttributesFiltered} attributes"));
    }

    private int Fail(CapabilityException e)
    {
        _runtime.ReportError(e.Message + (_runtime.Verbose && e.InnerException is { } inner ? Environment.NewLine + inner : ""));
        return e.Failure == CapabilityFailure.Configuration ? ExitCodes.Usage : ExitCodes.CapabilityFailed;
    }

    // The plugin named after the job's integration class goes first, so the usual job loads one plugin only.
    private List<InstalledPlugin> Candidates(Job job)
    {
        var hint = job.Integration?.Name ?? job.Capability;
        return [.. _runtime.Catalog.Latest().OrderByDescending(p => hint.Length > 0 && p.Id.Contains(hint, StringComparison.OrdinalIgnoreCase))];
    }

    /// <summary>Saves a checkpoint only after every result written so far was flushed to its file or stream.</summary>
    private sealed class ResultsFirstCheckpoints(Chariot.Capabilities.Checkpoints.ICheckpointStore inner, Output.NdjsonResultWriter results)
        : Chariot.Capabilities.Checkpoints.ICheckpointStore
    {
        public Task<string?> ReadAsync(Chariot.Capabilities.Checkpoints.CheckpointKey key, CancellationToken cancellationToken) =>
            inner.ReadAsync(key, cancellationToken);

        public async Task WriteAsync(Chariot.Capabilities.Checkpoints.CheckpointKey key, string value, CancellationToken cancellationToken)
        {
            await results.FlushAsync();
            await inner.WriteAsync(key, value, cancellationToken);
        }

        public async Task WriteAsync(Chariot.Capabilities.Checkpoints.CheckpointKey key, ReadOnlyMemory<byte> utf8Value, CancellationToken cancellationToken)
        {
            await results.FlushAsync();
            await inner.WriteAsync(key, utf8Value, cancellationToken);
        }
    }
}
