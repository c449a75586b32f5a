using System.Threading.RateLimiting;

namespace Chariot.Capabilities.Throttling;

/// <summary>
/// A client-side budget for one vendor endpoint: every call takes a slot from each of its limits' sliding windows
/// (waiting when one is spent), and a server's Retry-After pauses every caller of the endpoint. Windows slide on the
/// injected <see cref="TimeProvider"/>, so tests drive them with fake time.
/// </summary>
/// <remarks>
/// Each window holds one segment (a sixth of it) more than its length: the server's window edges are not ours, and any
/// exact window of the server's then lies inside what the budget counts.
/// </remarks>
public sealed class CallBudget : IDisposable
{
    private const int QueueLimit = 100_000;
    private const int Segments = 6;

    private readonly TimeProvider _time;
    private readonly (SlidingWindowRateLimiter Limiter, ITimer Timer)[] _windows;
    private readonly Lock _lock = new();
    private DateTimeOffset _pausedUntil;

    /// <summary>Creates a budget that keeps every one of <paramref name="limits"/>.</summary>
    /// <exception cref="ArgumentException">No limit, or a limit with no calls or no window.</exception>
    public CallBudget(TimeProvider time, IReadOnlyCollection<CallLimit> limits)
    {
        ArgumentNullException.ThrowIfNull(time);
        Validate(limits);
        _time = time;
        Limits = [.. limits];

        // The budget outlives the job that made it (a host shares it): its timers must not capture that job's
        // ExecutionContext (its AsyncLocals, logging scopes, activities), which would keep the job alive with them.
        var suppressed = ExecutionContext.IsFlowSuppressed() ? (AsyncFlowControl?)null : ExecutionContext.SuppressFlow();
        try
        {
            _windows = [.. limits.Select(limit => Window(time, limit))];
        }
        finally
        {
            suppressed?.Undo();
        }
    }

    /// <summary>The limits this budget keeps.</summary>
    public IReadOnlyList<CallLimit> Limits { get; }

    /// <summary>
    /// Waits for a call slot in every window (and for a pause to end). False only when too many callers already wait;
    /// the caller should then fail the call rather than make it.
    /// </summary>
    /// <remarks>Only BCL types cross this boundary, so plugins keep whatever resilience stack they ship.</remarks>
    public async ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        await WhilePausedAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (limiter, _) in _windows)
        {
            // A sliding window's permits come back as the window slides, not when a lease is disposed.
            using var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (!lease.IsAcquired)
            {
                return false;
            }
        }

        // A pause that began while this call waited for its slot (another job's 429) holds it too.
        await WhilePausedAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task WhilePausedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            DateTimeOffset pausedUntil;
            lock (_lock)
            {
                pausedUntil = _pausedUntil;
            }

            var wait = pausedUntil - _time.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Holds every call back until <paramref name="wait"/> from now (a server's Retry-After); a shorter pause never shortens a longer one.</summary>
    public void Pause(TimeSpan wait)
    {
        var until = _time.GetUtcNow() + wait;
        lock (_lock)
        {
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (limiter, timer) in _windows)
        {
            timer.Dispose();
            limiter.Dispose();
        }
    }

    internal static void Validate(IReadOnlyCollection<CallLimit> limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (limits.Count == 0)
        {
            throw new ArgumentException("A budget needs at least one limit.", nameof(limits));
        }

        foreach (var limit in limits)
        {
            if (limit.Calls < 1 || limit.Window <= TimeSpan.Zero)
            {
                throw new ArgumentException($"A limit needs at least one call and a positive window, not {limit}.", nameof(limits));
            }
        }
    }

    private static (SlidingWindowRateLimiter, ITimer) Window(TimeProvider time, CallLimit limit)
    {
        // The limiter counts segments; a TimeProvider timer moves it one segment per window/6 instead of its own timer,
        // so the window slides on the injected clock. It holds one segment more than the window (see the remarks). Its
        // own window is a few ticks only because it ignores a manual replenish that comes sooner than one segment of
        // real time.
        var limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = limit.Calls,
            Window = TimeSpan.FromTicks(Segments + 1),
            SegmentsPerWindow = Segments + 1,
            QueueLimit = QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = false,
        });
        var segment = limit.Window / Segments;
        var timer = time.CreateTimer(_ => limiter.TryReplenish(), null, segment, segment);
        return (limiter, timer);
    }
}
