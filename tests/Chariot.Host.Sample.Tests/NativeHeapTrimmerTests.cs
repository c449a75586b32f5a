using System.Runtime.InteropServices;
using Chariot.Host.Sample.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace Chariot.Host.Sample.Tests;

public sealed class NativeHeapTrimmerTests
{
    private readonly TrackingTime _time = new();
    private int _trims;

    [Fact]
    public void Trims_every_second_while_jobs_run_and_once_more_when_they_end()
    {
        var trimmer = NativeHeapTrimmer.Start(Count(supported: true), _time);
        var atStart = _trims;
        _time.Fake.Advance(NativeHeapTrimmer.Interval * 3);
        var whileRunning = _trims;

        trimmer.Dispose();
        var atEnd = _trims;
        _time.Fake.Advance(NativeHeapTrimmer.Interval * 5);
        trimmer.Dispose();

        Assert.Equal((0, 3, 4, 4), (atStart, whileRunning, atEnd, _trims));
        Assert.True(Assert.Single(_time.Timers).Disposed);
    }

    [Fact]
    public void Stops_its_timer_once_there_is_no_call_to_make()
    {
        using (NativeHeapTrimmer.Start(Count(supported: false), _time))
        {
            _time.Fake.Advance(NativeHeapTrimmer.Interval * 5);
            Assert.False(Assert.Single(_time.Timers).Running);
        }

        Assert.Equal(1, _trims);
    }

    [Fact]
    public void The_process_trims_its_c_heap_where_glibc_has_the_call_and_says_no_elsewhere()
    {
        // Found independently of the P/Invoke: glibc's library, loaded by name, with its export.
        var glibc = OperatingSystem.IsLinux()
            && NativeLibrary.TryLoad("libc.so.6", out var library)
            && NativeLibrary.TryGetExport(library, "malloc_trim", out _);

        Assert.Equal(glibc, NativeHeap.Trim());
        Assert.Equal(glibc, NativeHeap.Trim());
    }

    private Func<bool> Count(bool supported) => () =>
    {
        Interlocked.Increment(ref _trims);
        return supported;
    };

    /// <summary>A fake clock that keeps the timers it made, to see them stopped and disposed.</summary>
    private sealed class TrackingTime : TimeProvider
    {
        public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero));

        public List<TrackedTimer> Timers { get; } = [];

        public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new TrackedTimer(Fake.CreateTimer(callback, state, dueTime, period), dueTime);
            Timers.Add(timer);
            return timer;
        }
    }

    private sealed class TrackedTimer(ITimer inner, TimeSpan dueTime) : ITimer
    {
        public bool Disposed { get; private set; }

        public bool Running { get; private set; } = dueTime != Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Running = dueTime != Timeout.InfiniteTimeSpan;
            return inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            Disposed = true;
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
