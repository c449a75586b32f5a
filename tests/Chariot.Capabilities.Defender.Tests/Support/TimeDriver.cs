using Microsoft.Extensions.Time.Testing;

namespace Chariot.Capabilities.Defender.Tests.Support;

/// <summary>
/// Moves a fake clock forward while work waits on it (retry delays, rate-limit windows), so tests of waiting never sleep:
/// the clock advances only when the work has had every chance to run and is still not done.
/// </summary>
internal static class TimeDriver
{
    public static async Task<T> DriveAsync<T>(this FakeTimeProvider time, Task<T> work, TimeSpan step, int maxSteps = 100_000)
    {
        for (var steps = 0; !work.IsCompleted && steps < maxSteps; steps++)
        {
            for (var spin = 0; spin < 200 && !work.IsCompleted; spin++)
            {
                await Task.Yield();
            }

            if (!work.IsCompleted)
            {
                time.Advance(step);
            }
        }

        Assert.True(work.IsCompleted, $"The work did not finish within {maxSteps} steps of {step} on the fake clock.");
        return await work;
    }
}
