using Chariot.Host.Sample.Cli;

namespace Chariot.Host.Sample.Jobs;

/// <summary>
/// <c>--every</c>: runs the jobs, waits, runs them again, until stopped. Ctrl+C cancels the run in progress, which
/// saves only the progress checkpoints it reached (the result pump saves the others only after success), so the next
/// start resumes where the interrupted run got to, or where the last good run ended.
/// </summary>
internal static class PeriodicSync
{
    /// <summary>Runs <paramref name="runOnce"/> once, or every <paramref name="every"/> until <paramref name="cancellationToken"/> fires.</summary>
    public static async Task<int> RunAsync(Func<CancellationToken, Task<int>> runOnce, TimeSpan? every, TimeProvider time, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runOnce);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(error);
        if (every is not { } interval)
        {
            return await runOnce(cancellationToken);
        }

        while (true)
        {
            var exitCode = await runOnce(cancellationToken);
            if (exitCode is ExitCodes.Usage or ExitCodes.Interrupted || cancellationToken.IsCancellationRequested)
            {
                // A configuration error would fail the same way every time: stop and say so rather than loop.
                return cancellationToken.IsCancellationRequested ? ExitCodes.Interrupted : exitCode;
            }

            error.WriteLine($"next run in {interval}; press Ctrl+C to stop");
            try
            {
                await Task.Delay(interval, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Stopped between runs: nothing was interrupted.
                return exitCode;
            }
        }
    }
}
