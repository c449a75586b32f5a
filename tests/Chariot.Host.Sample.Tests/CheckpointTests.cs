using System.Text;
using Chariot.Capabilities.Checkpoints;
using Chariot.Host.Sample.Cli;
using Chariot.Host.Sample.Output;

namespace Chariot.Host.Sample.Tests;

[Collection(EchoGroup.Name)]
public sealed class CheckpointTests(EchoPackage echo)
{
    private static readonly CheckpointKey Key = new("#integration#echo#acct", "echo");

    [Fact]
    public async Task The_file_store_replaces_a_value_whole_and_leaves_no_temporary_file()
    {
        var directory = TempDirectory.Create("state");
        var store = new FileCheckpointStore(directory);

        await store.WriteAsync(Key, "first", CancellationToken.None);
        await store.WriteAsync(Key, "second", CancellationToken.None);

        Assert.Equal("second", await new FileCheckpointStore(directory).ReadAsync(Key, CancellationToken.None));
        Assert.Single(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories));
        Assert.Null(await store.ReadAsync(Key with { Stream = "other" }, CancellationToken.None));
    }

    [Fact]
    public async Task The_file_store_writes_a_value_given_as_utf8_byte_for_byte()
    {
        var directory = TempDirectory.Create("state");
        var store = new FileCheckpointStore(directory);
        var value = "{\"host\":\"pc-été.contoso.com\",\"note\":\"日本\"}";

        await store.WriteAsync(Key, Encoding.UTF8.GetBytes(value).AsMemory(), CancellationToken.None);

        Assert.Equal(Encoding.UTF8.GetBytes(value), await File.ReadAllBytesAsync(store.PathOf(Key)));
        Assert.Equal(value, await store.ReadAsync(Key, CancellationToken.None));
        Assert.Single(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_temporary_file_left_by_a_killed_write_is_removed_by_the_next_write()
    {
        // Issue 11.7: a kill between creating the temporary file and renaming it left the file there for good.
        var directory = TempDirectory.Create("state");
        var store = new FileCheckpointStore(directory);
        var path = store.PathOf(Key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var abandoned = $"{path}.{Guid.NewGuid():N}.tmp";
        var recent = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(abandoned, "half a checkpoint");
        await File.WriteAllTextAsync(recent, "another writer's, in flight");
        File.SetLastWriteTimeUtc(abandoned, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        await store.WriteAsync(Key, "value", CancellationToken.None);

        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(recent)); // possibly another process's write: left alone until it is old
        Assert.Equal("value", await store.ReadAsync(Key, CancellationToken.None));
    }

    [Fact]
    public async Task Keys_with_path_characters_stay_inside_the_state_directory()
    {
        var directory = TempDirectory.Create("state");
        var store = new FileCheckpointStore(directory);
        var key = new CheckpointKey("#integration#echo#../../etc", "..");

        await store.WriteAsync(key, "v", CancellationToken.None);

        Assert.StartsWith(directory, store.PathOf(key), StringComparison.Ordinal);
        Assert.Equal("v", await store.ReadAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task A_second_run_with_state_continues_from_the_first_runs_checkpoint()
    {
        var state = TempDirectory.Create("state");
        var first = new HostHarness(echo);
        var job = first.WriteJob(new Dictionary<string, string> { ["count"] = "2" });

        Assert.Equal(ExitCodes.Success, await first.RunAsync("run", "--job", job, "--state", state));
        var second = new HostHarness(echo);
        Assert.Equal(ExitCodes.Success, await second.RunAsync("run", "--job", job, "--state", state));

        Assert.Contains("echo-1.example.com", first.Out.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("echo-1.example.com", second.Out.ToString(), StringComparison.Ordinal);
        Assert.Contains("echo-2.example.com", second.Out.ToString(), StringComparison.Ordinal);
        Assert.Equal("4", await new FileCheckpointStore(state).ReadAsync(Key, CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_run_writes_its_results_but_does_not_advance_the_checkpoint()
    {
        var state = TempDirectory.Create("state");
        var host = new HostHarness(echo);
        await host.RunAsync("run", "--job", host.WriteJob(new Dictionary<string, string> { ["count"] = "2" }), "--state", state);

        var failing = new HostHarness(echo);
        var exitCode = await failing.RunAsync("run", "--job", failing.WriteJob(new Dictionary<string, string> { ["count"] = "2", ["fail"] = "true" }), "--state", state);

        Assert.Equal(ExitCodes.CapabilityFailed, exitCode);
        Assert.Contains("echo-3.example.com", failing.Out.ToString(), StringComparison.Ordinal);
        Assert.Equal("2", await new FileCheckpointStore(state).ReadAsync(Key, CancellationToken.None));
    }
}
