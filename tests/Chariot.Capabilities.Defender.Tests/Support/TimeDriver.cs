using Microsoft.Extensions.Time.Testing;

namespace Chariot.Capabilities.Defender.Tests.Support;

/// <summary>
/// Moves a fake clock forward while work waits on it (retry delays, rate-limit windows), so tests of waiting never sleep.
/// The clock moves only when the work has stopped making progress (the probe, such as a request count, did not
/// change over many turns of the scheduler): a clock that ran on while requests were in flight would expire tokens
/// and time attempts out that, in real life, finish in milliseconds. On a loaded machine the work can go many turns
/// without visible progress while it still runs, so the clock also waits for the thread pool to go quiet (nothing
/// queued, no other worker busy), and moves regardless only after a long stall (other tests keep the pool busy).
/// </summary>
internal static class TimeDriver
{
    /// <summary>
    /// The collection of the tests this driver drives: run alone (after the parallel tests, one class at a time), so the
    /// thread pool it watches holds only the work it drives. Beside other tests, the pool is never quiet and the clock
    /// moves on a stall count instead, which under load can move it while the work still runs (seen in
    /// ApiBudgetsTests). It makes the guess rarer; it does not remove it (issue 12, point 5).
    /// </summary>
    public const string Alone = "driven by the test clock, alone";

    public static async Task<T> DriveAsync<T>(this FakeTimeProvider time, Task<T> work, TimeSpan step, Func<long> progress, int maxSteps = 100_000)
    {
        var last = progress();
        var stalled = 0;
        for (var steps = 0; !work.IsCompleted && steps < maxSteps;)
        {
            for (var spin = 0; spin < 500 && !work.IsCompleted; spin++)
            {
                await Task.Yield();
            }

            var now = progress();
            if (work.IsCompleted || now != last)
            {
                stalled = 0;
            }
            else if (PoolIsQuiet() || ++stalled >= StallLimit)
            {
                time.Advance(step);
                steps++;
                stalled = 0;
            }

            last = now;
        }

        Assert.True(work.IsCompleted, $"The work did not finish within {maxSteps} steps of {step} on the fake clock.");
        return await work;
    }

    private const int StallLimit = 40;

    // Nothing queued and no worker busy but this driver (when it runs on the pool itself): whatever the work does next
    // waits on the clock.
    private static bool PoolIsQuiet()
    {
        ThreadPool.GetAvailableThreads(out var available, out _);
        ThreadPool.GetMaxThreads(out var max, out _);
        var driver = Thread.CurrentThread.IsThreadPoolThread ? 1 : 0;
        return ThreadPool.PendingWorkItemCount == 0 && max - available <= driver;
    }

    public static Task<T> DriveAsync<T>(this DefenderHarness harness, Task<T> work, TimeSpan step) =>
        harness.Time.DriveAsync(work, step, () => harness.Progress);
}
