using System.Runtime.CompilerServices;
using Chariot.Host.Sample.Plugins;

namespace Chariot.Host.Sample.Tests;

/// <summary>A command loads each plugin build once; a newer build replaces it once no job uses the old one.</summary>
[Collection(SerialEchoGroup.Name)]
public sealed class PluginCacheTests(EchoPackage echo)
{
    [Fact]
    public async Task Jobs_of_one_command_share_a_load_and_the_command_end_unloads_it()
    {
        var tracker = new LoadContextTracker();
        var installed = new PluginCatalog(echo.PluginsDirectory).Latest().Single();

        using (var cache = new PluginCache(tracker))
        {
            UseTwice(cache, installed);
            Assert.Equal(1, tracker.Created);
            Assert.Equal(1, cache.Loaded);
        }

        Assert.True(await UnloadedContexts.CollectUntilAsync(tracker, alive: 0), $"{tracker.Alive} context(s) alive after the command ended");
    }

    [Fact]
    public async Task A_newer_build_replaces_the_old_one_which_stays_loaded_until_its_last_job_ends()
    {
        var plugins = TempDirectory.Create("plugins-two-builds");
        var old = CopyInstall(Path.Combine(plugins, "chariot.capabilities.echo", "1.0.0"));
        var tracker = new LoadContextTracker();
        using var cache = new PluginCache(tracker);

        var running = cache.Acquire(InstalledAt(old));
        var newer = CopyInstall(Path.Combine(plugins, "chariot.capabilities.echo", "2.0.0"));
        AcquireAndRelease(cache, InstalledAt(newer));

        // The old build is retired but a job still runs on it: it stays loaded.
        Assert.Equal(2, tracker.Created);
        Assert.Equal(1, cache.Loaded);
        Assert.NotEmpty(running.Plugin.Plugins);
        Assert.False(await UnloadedContexts.CollectUntilAsync(tracker, alive: 1), "the retired build was unloaded while a job still used it");

        running.Dispose();
        Assert.True(await UnloadedContexts.CollectUntilAsync(tracker, alive: 1), $"{tracker.Alive} contexts alive: the retired build was not unloaded");

        // The same folder installed again (another build of the main assembly) is loaded afresh.
        File.SetLastWriteTimeUtc(InstalledAt(newer).MainAssemblyPath, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        AcquireAndRelease(cache, InstalledAt(newer));
        Assert.Equal(3, tracker.Created);
        Assert.Equal(1, cache.Loaded);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UseTwice(PluginCache cache, InstalledPlugin installed)
    {
        using var first = cache.Acquire(installed);
        using var second = cache.Acquire(installed);
        Assert.Same(first.Plugin, second.Plugin);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AcquireAndRelease(PluginCache cache, InstalledPlugin installed)
    {
        using var lease = cache.Acquire(installed);
        Assert.NotEmpty(lease.Plugin.Plugins);
    }

    private static InstalledPlugin InstalledAt(string directory) =>
        new("chariot.capabilities.echo", Path.GetFileName(directory), directory, PluginAssemblyInspector.FindMainAssembly(directory, "chariot.capabilities.echo")!);

    private string CopyInstall(string target)
    {
        var source = new PluginCatalog(echo.PluginsDirectory).Latest().Single().Directory;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }
}
