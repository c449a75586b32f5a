using System.Text;
using Chariot.Capabilities.Checkpoints;
using Chariot.Capabilities.Emission;
using Chariot.Capabilities.Models;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Chariot.Capabilities.Tests.Emission;

public sealed class ResultPumpTests
{
    private readonly FakeTimeProvider _time = new(TestJobs.Now);
    private readonly List<string> _events = [];
    private readonly ICheckpointStore _store = Substitute.For<ICheckpointStore>();

    public ResultPumpTests()
    {
        // The pump hands checkpoints to the store as UTF-8, as they were made.
        _store.WriteAsync(Arg.Any<CheckpointKey>(), Arg.Any<ReadOnlyMemory<byte>>(), Arg.Any<CancellationToken>())
            .Returns(Task.CompletedTask)
            .AndDoes(call => _events.Add($"checkpoint {call.ArgAt<CheckpointKey>(0).Stream}={Text(call.ArgAt<ReadOnlyMemory<byte>>(1))}"));
    }

    private static string Text(ReadOnlyMemory<byte> utf8) => Encoding.UTF8.GetString(utf8.Span);

    // Neither form of write reached the store.
    private void AssertNothingSaved() =>
        Assert.DoesNotContain(_store.ReceivedCalls(), call => call.GetMethodInfo().Name == nameof(ICheckpointStore.WriteAsync));

    private ResultChannel NewChannel(int capacity = 1) => new(TestJobs.Defender(), TestJobs.DefaultFilter(), _time, capacity);

    private ValueTask Write(ChariotModel model, CancellationToken cancellationToken)
    {
        _events.Add(model.Key);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Checkpoint_is_saved_after_everything_before_it_was_written()
    {
        var channel = NewChannel();

        var saved = await ResultPump.RunAsync(
            channel,
            async ct =>
            {
                await channel.Emitter.SendAsync(TestJobs.Cve("a.contoso.com", 1), ct);
                await channel.Emitter.CommitCheckpointAsync("alerts", "t1", ct);
                await channel.Emitter.SendAsync(TestJobs.Cve("a.contoso.com", 2), ct);
                await channel.Emitter.CommitCheckpointAsync("alerts", "t2", ct);
                await channel.Emitter.CommitCheckpointAsync("devices", "d1", ct);
            },
            Write,
            _store,
            CancellationToken.None);

        Assert.Equal(
            ["#risk#a.contoso.com#CVE-2024-1", "#risk#a.contoso.com#CVE-2024-2", "checkpoint alerts=t2", "checkpoint devices=d1"],
            _events);
        Assert.Equal(new CheckpointKey("#integration#defender#contoso.onmicrosoft.com", "alerts"), saved[0].Key);
    }

    [Fact]
    public async Task A_failed_job_saves_no_checkpoint_but_keeps_its_results()
    {
        var channel = NewChannel();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ResultPump.RunAsync(
            channel,
            async ct =>
            {
                await channel.Emitter.SendAsync(TestJobs.Cve("a.contoso.com", 1), ct);
                await channel.Emitter.CommitCheckpointAsync("alerts", "t1", ct);
                throw new InvalidOperationException("page 3 failed");
            },
            Write,
            _store,
            CancellationToken.None));

        Assert.Equal("page 3 failed", error.Message);
        Assert.Equal(["#risk#a.contoso.com#CVE-2024-1"], _events);
        AssertNothingSaved();
    }

    [Fact]
    public async Task A_cancelled_job_saves_no_checkpoint()
    {
        var channel = NewChannel();
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ResultPump.RunAsync(
            channel,
            async ct =>
            {
                await channel.Emitter.CommitCheckpointAsync("alerts", "t1", ct);
                await cancel.CancelAsync();
                ct.ThrowIfCancellationRequested();
            },
            Write,
            _store,
            cancel.Token));

        AssertNothingSaved();
    }

    [Fact]
    public async Task Progress_is_saved_as_soon_as_the_results_before_it_are_written_and_survives_a_failure()
    {
        var channel = NewChannel();

        await Assert.ThrowsAsync<InvalidOperationException>(() => ResultPump.RunAsync(
            channel,
            async ct =>
            {
                await channel.Emitter.SendAsync(TestJobs.Cve("a.contoso.com", 1), ct);
                await channel.Emitter.CommitProgressAsync("alerts", "page1", ct);
                await channel.Emitter.SendAsync(TestJobs.Cve("a.contoso.com", 2), ct);
                await channel.Emitter.CommitCheckpointAsync("devices", "d1", ct);
                await channel.Emitter.SendAsync(TestJobs.Cve("a.contoso.com", 3), ct);
                throw new InvalidOperationException("page 2 failed");
            },
            Write,
            _store,
            CancellationToken.None));

        Assert.Equal(
            ["#risk#a.contoso.com#CVE-2024-1", "checkpoint alerts=page1", "#risk#a.contoso.com#CVE-2024-2", "#risk#a.contoso.com#CVE-2024-3"],
            _events);
    }

    [Fact]
    public async Task A_checkpoint_given_as_utf8_is_saved_as_it_was_when_committed_though_the_caller_reuses_its_buffer()
    {
        var channel = NewChannel(capacity: 8);
        var buffer = new byte[6];

        var saved = await ResultPump.RunAsync(
            channel,
            async ct =>
            {
                // Nothing is written until the job has sent all three: each value is the committed one, not the buffer's last.
                "page-1"u8.CopyTo(buffer);
                await channel.Emitter.CommitProgressAsync("alerts", buffer, ct);
                "page-2"u8.CopyTo(buffer);
                await channel.Emitter.CommitProgressAsync("alerts", buffer, ct);
                "final!"u8.CopyTo(buffer);
                await channel.Emitter.CommitCheckpointAsync("devices", buffer, ct);
                "broken"u8.CopyTo(buffer);
            },
            Write,
            _store,
            CancellationToken.None);

        Assert.Equal(["checkpoint alerts=page-1", "checkpoint alerts=page-2", "checkpoint devices=final!"], _events);
        Assert.Equal([new CheckpointReached(saved[0].Key, "page-2") { IsProgress = true }, new CheckpointReached(saved[1].Key, "final!")], saved);
    }

    [Fact]
    public async Task A_store_that_saves_text_only_gets_the_utf8_value_decoded()
    {
        var store = new TextOnlyStore();

        await ((ICheckpointStore)store).WriteAsync(new CheckpointKey("#integration#x#y", "s"), Encoding.UTF8.GetBytes("{\"h\":\"pc-été\"}"), CancellationToken.None);

        Assert.Equal("{\"h\":\"pc-été\"}", store.Saved);
    }

    [Fact]
    public async Task The_in_memory_store_reads_back_as_text_what_was_saved_as_utf8()
    {
        var store = new InMemoryCheckpointStore();
        var key = new CheckpointKey("#integration#x#y", "s");

        await store.WriteAsync(key, Encoding.UTF8.GetBytes("é1"), CancellationToken.None);
        await store.WriteAsync(key with { Stream = "t" }, "é2", CancellationToken.None);

        Assert.Equal("é1", await store.ReadAsync(key, CancellationToken.None));
        Assert.Equal(new Dictionary<CheckpointKey, string> { [key] = "é1", [key with { Stream = "t" }] = "é2" }, store.Values.ToDictionary());
        Assert.True(store.Values.TryGetValue(key, out var value) && value == "é1");
        Assert.False(store.Values.ContainsKey(key with { Stream = "u" }));
    }

    [Fact]
    public async Task Progress_reached_before_a_cancellation_is_kept()
    {
        var channel = NewChannel();
        using var cancel = new CancellationTokenSource();
        var progressSaved = new TaskCompletionSource();
        _store.When(s => s.WriteAsync(Arg.Any<CheckpointKey>(), Arg.Is<ReadOnlyMemory<byte>>(b => Text(b) == "page1"), Arg.Any<CancellationToken>())).Do(_ => progressSaved.TrySetResult());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ResultPump.RunAsync(
            channel,
            async ct =>
            {
                await channel.Emitter.CommitProgressAsync("alerts", "page1", ct);
                await progressSaved.Task.WaitAsync(ct);
                await channel.Emitter.CommitProgressAsync("alerts", "page2", ct);
                await cancel.CancelAsync();
                ct.ThrowIfCancellationRequested();
            },
            Write,
            _store,
            cancel.Token));

        Assert.Equal("checkpoint alerts=page1", _events[0]);
    }

    [Fact]
    public async Task A_checkpoint_after_progress_of_the_same_stream_still_waits_for_success()
    {
        var channel = NewChannel();

        var saved = await ResultPump.RunAsync(
            channel,
            async ct =>
            {
                await channel.Emitter.CommitProgressAsync("alerts", "page1", ct);
                await channel.Emitter.SendAsync(TestJobs.Cve("a.contoso.com", 1), ct);
                await channel.Emitter.CommitCheckpointAsync("alerts", "end", ct);
            },
            Write,
            _store,
            CancellationToken.None);

        Assert.Equal(["checkpoint alerts=page1", "#risk#a.contoso.com#CVE-2024-1", "checkpoint alerts=end"], _events);
        Assert.Equal("end", Assert.Single(saved).Value);
    }

    [Fact]
    public async Task A_failing_writer_stops_the_job_and_saves_nothing()
    {
        var channel = NewChannel();
        var jobSawCancellation = false;

        var error = await Assert.ThrowsAsync<IOException>(() => ResultPump.RunAsync(
            channel,
            async ct =>
            {
                try
                {
                    for (var i = 0; i < 1000; i++)
                    {
                        await channel.Emitter.SendAsync(TestJobs.Cve("a.contoso.com", i), ct);
                        await channel.Emitter.CommitCheckpointAsync("alerts", $"t{i}", ct);
                    }
                }
                catch (OperationCanceledException)
                {
                    jobSawCancellation = true;
                    throw;
                }
            },
            (_, _) => throw new IOException("disk full"),
            _store,
            CancellationToken.None));

        Assert.Equal("disk full", error.Message);
        Assert.True(jobSawCancellation);
        AssertNothingSaved();
    }

    [Fact]
    public async Task The_pump_takes_what_the_channel_holds_at_once_so_a_waiting_sender_goes_on_while_it_writes()
    {
        const int Capacity = 4;
        var channel = NewChannel(Capacity);
        var firstWriting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fifthSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = new List<string>();

        await ResultPump.RunAsync(
            channel,
            async ct =>
            {
                for (var i = 1; i <= 7; i++)
                {
                    await channel.Emitter.SendAsync(TestJobs.Cve("a.contoso.com", i), ct);
                    if (i == 1)
                    {
                        // The pump's first take is the first model alone.
                        await firstWriting.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
                    }

                    if (i == 5)
                    {
                        fifthSent.SetResult();
                    }
                }

                allSent.SetResult();
            },
            async (model, ct) =>
            {
                written.Add(model.Key);
                if (written.Count == 1)
                {
                    firstWriting.SetResult();

                    // While the first is written the sender fills the channel (2 to 5) and waits to send the sixth.
                    await fifthSent.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
                }
                else if (written.Count == 2)
                {
                    // The pump took 2 to 5 at once, so the sixth and seventh fit while the second is written (taking one at
                    // a time, the channel would be full again at the seventh, and this would wait in vain).
                    await allSent.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
                }
            },
            _store,
            CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, 7).Select(i => TestJobs.Cve("a.contoso.com", i).Key), written);
    }

    // A store written before checkpoints came as UTF-8: it implements text only.
    private sealed class TextOnlyStore : ICheckpointStore
    {
        public string? Saved { get; private set; }

        public Task<string?> ReadAsync(CheckpointKey key, CancellationToken cancellationToken) => Task.FromResult(Saved);

        public Task WriteAsync(CheckpointKey key, string value, CancellationToken cancellationToken)
        {
            Saved = value;
            return Task.CompletedTask;
        }
    }
}
