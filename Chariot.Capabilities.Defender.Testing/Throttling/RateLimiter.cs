namespace Chariot.Capabilities.Defender.Testing.Throttling;

/// <summary>
/// Sliding-window counters per (app, endpoint), on the tenant clock. A refused call is not counted, as with
/// Microsoft's quota: a client that waits Retry-After gets through.
/// </summary>
internal sealed class RateLimiter
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<(string ClientId, FakeEndpoint Endpoint), Queue<DateTimeOffset>> _calls = [];
    private readonly FakeRateLimits _limits;
    private readonly TimeProvider _timeProvider;

    public RateLimiter(FakeRateLimits limits, TimeProvider timeProvider)
    {
        _limits = limits;
        _timeProvider = timeProvider;
    }

    /// <summary>Counts the call, or says how long to wait when it is over the limit.</summary>
    public TimeSpan? TryAcquire(string clientId, FakeEndpoint endpoint)
    {
        if (!_limits.Enabled || !_limits.Limits.TryGetValue(endpoint, out var limit))
        {
            return null;
        }

        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_calls.TryGetValue((clientId, endpoint), out var calls))
            {
                _calls[(clientId, endpoint)] = calls = new Queue<DateTimeOffset>();
            }

            var window = limit.PerHour is null ? Minute : Hour;
            while (calls.Count > 0 && calls.Peek() <= now - window)
            {
                calls.Dequeue();
            }

            var inLastMinute = calls.Where(call => call > now - Minute).ToList();
            if (inLastMinute.Count >= limit.PerMinute)
            {
                return WaitUntilOneLeaves(inLastMinute, limit.PerMinute, Minute, now);
            }

            if (limit.PerHour is { } perHour && calls.Count >= perHour)
            {
                return WaitUntilOneLeaves([.. calls], perHour, Hour, now);
            }

            calls.Enqueue(now);
            return null;
        }
    }

    private static TimeSpan WaitUntilOneLeaves(List<DateTimeOffset> callsInWindow, int allowed, TimeSpan window, DateTimeOffset now)
    {
        // The call that must leave the window before one more fits.
        var blocking = callsInWindow[callsInWindow.Count - allowed];
        var wait = blocking + window - now;
        return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
    }
}
