using Microsoft.Extensions.Time.Testing;

namespace Chariot.Capabilities.Defender.Tests.Support;

/// <summary>
/// Moves a fake clock forward while work waits on it (retry delays, rate-limit windows), so tests of waiting never sleep.
/// The clock moves only when the work has stopped making progress (the probe, such as a request count, did not
/// change over many turns of the scheduler): a clock that ran on while requests were in flight would expire tokens
/// and time attempts out that, in real life, finish in milliseconds.
/// </summary>
internal static class TimeDriver
{
    public static async Task<T> DriveAsync<T>(this FakeTimeProvider time, Task<T> work, TimeSpan step, Func<long> progress, int maxSteps = 100_000)
    {
        var last = progress();
        for (var steps = 0; !work.IsCompleted && steps < maxSteps;)
        {
            for (var spin = 0; spin < 500 && !work.IsCompleted; spin++)
            {
                await Task.Yield();
            }

            var now = progress();
            if (!work.IsCompleted && now == last)
            {
                time.Advance(step);
                steps++;
            }

            last = now;
        }

        Assert.True(work.IsCompleted, $"The work did not finish within {maxSteps} steps of {step} on the fake clock.");
        return await work;
    }

    public static Task<T> DriveAsync<T>(this DefenderHarness harness, Task<T> work, TimeSpan step) =>
        harness.Time.DriveAsync(work, step, () => harness.Progress);
}
