namespace Chariot.Capabilities.Defender.Testing.Recording;

/// <summary>Every request the tenant received, in arrival order. Safe to read while requests are in flight.</summary>
public sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];

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
            _requests.Add(request);
        }
    }
}
