using Microsoft.Extensions.Time.Testing;

namespace Chariot.Capabilities.Defender.Tests.Support;

/// <summary>
/// A fake clock that moves only when the work it drives can go no further without it, and then exactly to the next
/// timer's due time: tests of waiting (retry delays, budget windows, Retry-After pauses, idle bodies) never sleep and
/// guess from a probe of progress.
/// </summary>
/// <remarks>
/// The work runs with this clock in its <see cref="ExecutionContext"/>. An <see cref="AsyncLocal{T}"/> with a change
/// handler is told each time a thread starts or stops running that context, so the clock counts the threads running the
/// work, exactly, wherever its continuations run (the plugin, the in-process fake tenant, the pipes between them), and
/// waits on that count going to zero instead of spinning. When none runs it and nothing waits in the thread pool's
/// queue, what the work does next waits on a timer: the clock moves to the earliest one and fires it. Every timer made
/// on this clock is tracked for that (due time and period), whoever made it. The clock never moves while a thread of the
/// work runs, so a request in flight is not timed out by a wait elsewhere.
/// <para>
/// What the count cannot see: work a library runs on a thread without the work's context, or a library's wait on real
/// time (both were seen around sign-in, before any timer of the clock existed). So the clock also waits for the pool's other
/// workers to go idle, for at most 2 s of real time (a worker busy that long is busy with something else). That bound is
/// the one remaining guess; it is taken only while no thread of the work runs and nothing of it is queued.
/// </para>
/// </remarks>
internal sealed class DrivenClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    /// <summary>The collection of the tests that drive this clock: run without parallel neighbours.</summary>
    public const string Alone = "driven by the test clock, alone";

    private static readonly AsyncLocal<DrivenClock?> Driven = new(OnContextSwitch);

    private readonly Lock _lock = new();
    private readonly HashSet<TrackedTimer> _timers = [];
    private TaskCompletionSource _settled = NewSignal();
    private int _running;
    private long _entries;
    private bool _awaitingEntry;

    /// <summary>How many times the clock moved, over all the work it drove.</summary>
    public int Moves { get; private set; }

    /// <summary>
    /// Starts <paramref name="work"/> on this clock and moves the clock whenever the work waits on it, until it ends.
    /// Fails if the work waits on nothing the clock can end, or needs more than <paramref name="maxMoves"/> moves.
    /// </summary>
    public async Task<T> DriveAsync<T>(Func<Task<T>> work, int maxMoves = 100_000)
    {
        // On the thread pool, away from the test framework's synchronization context: a continuation queued there would
        // be neither running nor in the pool's queue, and the clock would take the work for waiting.
        // The workers busy before the work starts are the test host's (the caller, on a worker, is not busy once it awaits).
        _hostBusy = BusyWorkers() - (Thread.CurrentThread.IsThreadPoolThread ? 1 : 0);
        Task<T> running;
        Driven.Value = this;
        try
        {
            running = Task.Run(work);
        }
        finally
        {
            Driven.Value = null;
        }

        _ = running.ContinueWith(static (_, clock) => ((DrivenClock)clock!).Signal(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        // The driver too runs on the pool, so that its turns queue behind the work's continuations.
        await Task.Run(() => MoveWhileWaitingAsync(running, maxMoves));
        return await running;
    }

    private async Task UntilEnteredAsync(long entries, Task running)
    {
        Volatile.Write(ref _awaitingEntry, true);
        try
        {
            var settled = Volatile.Read(ref _settled).Task;
            if (Interlocked.Read(ref _entries) != entries || running.IsCompleted)
            {
                return;
            }

            // A guard against a hang, not a timing: the test fails with this message instead of never ending.
            var entered = await Task.WhenAny(settled, Task.Delay(StuckAfter, TimeProvider.System));
            Assert.True(entered == settled, $"The work waits on nothing this clock can end (no timer is set) and did not run for {StuckAfter.TotalSeconds:0} s.");
        }
        finally
        {
            Volatile.Write(ref _awaitingEntry, false);
        }
    }

    private static readonly TimeSpan StuckAfter = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan RunningTooLong = TimeSpan.FromMinutes(5);

    // How many turns of the pool the work must stay still, with nothing of it queued, before the clock moves: a thread
    // that took a continuation from the queue but has not yet entered the work's context shows in neither count.
    private const int StillTurns = 3;

    private async Task MoveWhileWaitingAsync(Task running, int maxMoves)
    {
        while (!running.IsCompleted)
        {
            var settled = Volatile.Read(ref _settled).Task;
            if (Volatile.Read(ref _running) > 0)
            {
                // A guard against a hang (a thread of the work blocked on this clock synchronously), not a timing.
                var done = await Task.WhenAny(settled, Task.Delay(RunningTooLong, TimeProvider.System));
                Assert.True(done == settled, $"A thread of the work ran for {RunningTooLong.TotalMinutes:0} minutes without the work ever waiting: is it blocked on this clock synchronously?");
                continue;
            }

            if (!await StaysStillAsync(running))
            {
                continue;
            }

            var next = NextDue();
            if (next is null)
            {
                // Nothing on this clock can wake the work: a library waits on real time or runs out of the work's sight. Wait
                // for the work to run again; a work that never does is stuck.
                await UntilEnteredAsync(entries: Interlocked.Read(ref _entries), running);
                continue;
            }

            Assert.True(++Moves <= maxMoves, $"The work did not finish within {maxMoves} moves of the clock (now {GetUtcNow():O}).");
            var step = next.Value - GetUtcNow();
            Advance(step > TimeSpan.Zero ? step : TimeSpan.Zero);
        }
    }

    // No thread of the work runs, none entered it and nothing waits in the pool's queue, over several turns of the pool;
    // and no other worker of the pool is busy: a worker that took a continuation of the work from the queue, but has not
    // yet entered the work's context, shows in neither count but is busy (and on a loaded machine the system may hold it
    // off its core for many turns). A library may also run part of the work on a thread that left the work's context
    // behind. So the clock waits for busy workers as long as they stay busy, up to a bound of real time that only a
    // worker busy with something else entirely reaches (a blocked thread, a test beside this one): a guard against
    // waiting forever, counted in BusyWaitsCut so a test can see it was never needed.
    private async Task<bool> StaysStillAsync(Task running)
    {
        var entries = Interlocked.Read(ref _entries);
        var since = TimeProvider.System.GetTimestamp();
        for (var turn = 0; ; turn++)
        {
            await Task.Yield();
            if (ThreadPool.PendingWorkItemCount > 0 || Volatile.Read(ref _running) > 0 || Interlocked.Read(ref _entries) != entries || running.IsCompleted)
            {
                return false;
            }

            // Nothing of the work runs or waits in the queue: the busy workers beside the driver are at most the host's, so a
            // baseline taken while one of the work's own was busy comes down to the host's own.
            _hostBusy = Math.Min(_hostBusy, BusyWorkers() - 1);
            if (turn >= StillTurns && !OtherWorkersBusy())
            {
                return true;
            }

            if (TimeProvider.System.GetElapsedTime(since) > BusyFor)
            {
                Interlocked.Increment(ref _busyWaitsCut);
                return true;
            }
        }
    }

    private static readonly TimeSpan BusyFor = TimeSpan.FromSeconds(2);

    private int _busyWaitsCut;

    /// <summary>How many times the clock moved because other workers stayed busy past the bound (see <see cref="StaysStillAsync"/>).</summary>
    public int BusyWaitsCut => Volatile.Read(ref _busyWaitsCut);

    // Busy beyond the workers the test host keeps busy all along (seen in a dump of a slow run: vstest's message loop polls
    // its socket on a pool worker, and xunit's adapter blocks another until the assembly's tests end), and beyond the
    // driver itself: those never were the work's, and counting them made every move wait for the real-time bound.
    private bool OtherWorkersBusy() => BusyWorkers() > _hostBusy + 1;

    private static int BusyWorkers()
    {
        ThreadPool.GetAvailableThreads(out var available, out _);
        ThreadPool.GetMaxThreads(out var max, out _);
        return max - available;
    }

    private int _hostBusy;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new TrackedTimer(this);
        lock (_lock)
        {
            timer.Schedule(GetUtcNow(), dueTime, period);
            _timers.Add(timer);
        }

        timer.Inner = base.CreateTimer(
            s =>
            {
                lock (_lock)
                {
                    if (!timer.Fired(GetUtcNow()))
                    {
                        _timers.Remove(timer);
                    }
                }

                callback(s);
            },
            state,
            dueTime,
            period);
        return timer;
    }

    private DateTimeOffset? NextDue()
    {
        lock (_lock)
        {
            DateTimeOffset? next = null;
            foreach (var timer in _timers)
            {
                if (timer.Due is { } due && (next is null || due < next))
                {
                    next = due;
                }
            }

            return next;
        }
    }

    private void Signal() => Interlocked.Exchange(ref _settled, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void OnContextSwitch(AsyncLocalValueChangedArgs<DrivenClock?> change)
    {
        if (ReferenceEquals(change.PreviousValue, change.CurrentValue))
        {
            return;
        }

        if (change.CurrentValue is { } entered)
        {
            Interlocked.Increment(ref entered._entries);
            Interlocked.Increment(ref entered._running);
            if (Volatile.Read(ref entered._awaitingEntry))
            {
                entered.Signal();
            }
        }

        if (change.PreviousValue is { } left && Interlocked.Decrement(ref left._running) == 0)
        {
            left.Signal();
        }
    }

    /// <summary>A timer of the clock, with the due time the clock moves to.</summary>
    private sealed class TrackedTimer(DrivenClock clock) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public ITimer Inner { get; set; } = null!;

        /// <summary>When it fires next; null when it will not (disposed, fired once, or stopped).</summary>
        public DateTimeOffset? Due { get; private set; }

        public void Schedule(DateTimeOffset now, TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            Due = dueTime == Timeout.InfiniteTimeSpan ? null : now + dueTime;
        }

        /// <summary>Notes a firing; false when the timer will not fire again unless changed.</summary>
        public bool Fired(DateTimeOffset now)
        {
            Due = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : now + _period;
            return Due is not null;
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                Schedule(clock.GetUtcNow(), dueTime, period);
                clock._timers.Add(this);
            }

            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            lock (clock._lock)
            {
                Due = null;
                clock._timers.Remove(this);
            }

            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
