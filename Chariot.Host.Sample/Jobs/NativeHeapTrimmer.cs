namespace Chariot.Host.Sample.Jobs;

/// <summary>
/// Trims the C heap (<see cref="NativeHeap.Trim"/>) every <see cref="Interval"/> while jobs run, and once more when
/// they end, so the process does not keep what the runtime freed there.
/// </summary>
/// <remarks>
/// A large sync frees several MB of C heap while it runs (the JIT compiling hot code, OpenSSL buffers), in the arenas of
/// whichever threads ran then; glibc hands back only the free space at an arena's end, so the rest stayed resident to
/// the end of the job: a 100,000-device sync (the benchmark's large tenant) peaked with 8.4 MB free of an 18.5 MB C heap,
/// against 1.7 MB free of 13 MB for the ten-times-smaller tenant. Trimming every second took the large sync's peak down
/// 3 to 4.5 MB (medians of runs alternating with and without) and left the small one's as it was; a call takes a tenth of
/// a millisecond, a few milliseconds at most.
/// </remarks>
internal sealed class NativeHeapTrimmer : IDisposable
{
    /// <summary>How often the heap is trimmed while jobs run.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Func<bool> _trim;
    private readonly ITimer _timer;
    private volatile bool _stopped;

    private NativeHeapTrimmer(Func<bool> trim, TimeProvider time)
    {
        _trim = trim;
        _timer = time.CreateTimer(_ => Tick(), null, Interval, Interval);
    }

    /// <summary>
    /// Starts trimming with <paramref name="trim"/>, which returns false where there is nothing to call (the timer then
    /// stops) and never throws (it runs on a timer thread).
    /// </summary>
    public static NativeHeapTrimmer Start(Func<bool> trim, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(trim);
        ArgumentNullException.ThrowIfNull(time);
        return new NativeHeapTrimmer(trim, time);
    }

    /// <summary>Stops the timer and trims once more: what the jobs freed goes back before the process waits or exits.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        if (!_stopped)
        {
            _stopped = true;
            _ = _trim();
        }
    }

    // A tick already running when Dispose is called may trim beside its final trim: glibc's malloc_trim takes each arena's
    // lock, so two calls at once are safe.
    private void Tick()
    {
        if (!_stopped && !_trim())
        {
            _stopped = true;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }
}
