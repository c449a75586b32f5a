namespace Chariot.Capabilities.Defender.Testing.Recording;

/// <summary>
/// The requests the tenant received, in arrival order: every one, or the latest <see cref="Capacity"/> when the tenant's
/// options bound the log (a long-running sandbox). Safe to read while requests are in flight.
/// </summary>
public sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly Queue<RecordedRequest> _requests = new();

    /// <summary>A log that keeps every request.</summary>
    public RequestLog()
    {
    }

    internal RequestLog(int? capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity ?? 1, nameof(capacity));
        Capacity = capacity;
    }

    /// <summary>The most requests kept (the oldest are forgotten first); null: every request is kept.</summary>
    public int? Capacity { get; }

    /// <summary>A snapshot of the requests so far.</summary>
    public IReadOnlyList<RecordedRequest> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>A snapshot of the requests that reached one endpoint.</summary>
    public IReadOnlyList<RecordedRequest> To(FakeEndpoint endpoint) => [.. All.Where(request => request.Endpoint == endpoint)];

    /// <summary>Forgets every request so far.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    internal void Add(RecordedRequest request)
    {
        lock (_gate)
        {
            _requests.Enqueue(request);
            if (_requests.Count > Capacity)
            {
                _requests.Dequeue();
            }
        }
    }
}
