using Chariot.Host.Sample.Plugins;

namespace Chariot.Host.Sample.Tests;

/// <summary>Collects garbage until unloaded plugin contexts are gone (shared with the end-to-end tests).</summary>
internal static class UnloadedContexts
{
    /// <summary>Collects until at most <paramref name="alive"/> tracked contexts are left; false when more stay alive.</summary>
    public static async Task<bool> CollectUntilAsync(LoadContextTracker tracker, int alive = 0)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        for (var attempt = 0; attempt < 20 && tracker.Alive > alive; attempt++)
        {
            // An idle thread-pool thread can keep its last work item (a job continuation that still references the
            // capability) reachable until it runs another one: give every worker something else to run.
            await Task.WhenAll(Enumerable.Range(0, Environment.ProcessorCount * 4).Select(_ => Task.Run(() => { })));
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return tracker.Alive <= alive;
    }
}
