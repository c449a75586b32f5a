using System.Runtime.CompilerServices;
using Chariot.Host.Sample.Cli;
using Chariot.Host.Sample.Plugins;
using Xunit.Abstractions;

namespace Chariot.Host.Sample.Tests;

[Collection(SerialEchoGroup.Name)]
public sealed class UnloadTests(EchoPackage echo, ITestOutputHelper output)
{
    private const long AllowedGrowthBytes = 10 * 1024 * 1024;

    [Fact]
    public async Task The_plugin_load_context_is_collected_after_a_job()
    {
        var tracker = new LoadContextTracker();

        Assert.Equal(ExitCodes.Success, await RunJobAsync(tracker, TextWriter.Null));

        Assert.Equal(1, tracker.Created);
        Assert.True(await UnloadedContexts.CollectUntilAsync(tracker), $"{tracker.Alive} plugin load context(s) still alive after a job");
    }

    [Fact]
    public async Task Two_hundred_jobs_in_a_row_do_not_grow_memory()
    {
        var tracker = new LoadContextTracker();
        for (var i = 0; i < 10; i++)
        {
            await RunJobAsync(tracker, TextWriter.Null);
        }

        await UnloadedContexts.CollectUntilAsync(tracker);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(ExitCodes.Success, await RunJobAsync(tracker, TextWriter.Null));
        }

        var unloaded = await UnloadedContexts.CollectUntilAsync(tracker);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"managed heap before: {before:N0} B, after 200 jobs: {after:N0} B, growth: {after - before:N0} B; contexts created {tracker.Created}, alive {tracker.Alive}");

        Assert.True(unloaded, $"{tracker.Alive} of {tracker.Created} plugin load contexts still alive");
        Assert.True(after - before < AllowedGrowthBytes, $"memory grew by {after - before:N0} bytes over 200 jobs");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task<int> RunJobAsync(LoadContextTracker tracker, TextWriter error)
    {
        var host = new HostHarness(echo);
        var environment = host.Environment with { LoadContexts = tracker, Error = error, Out = TextWriter.Null };
        return await Program.RunAsync(["run", "--job", host.WriteJob(), "--plugins", echo.PluginsDirectory], environment);
    }
}
