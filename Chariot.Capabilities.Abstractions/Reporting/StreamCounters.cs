namespace Chariot.Capabilities.Reporting;

/// <summary>What one stream of a run (for example <c>devices</c>) received, sent and met on the way. Thread-safe.</summary>
public sealed class StreamCounters
{
    private long _received, _emitted, _filtered, _skipped, _httpCalls, _retries, _throttled;

    internal StreamCounters(string name) => Name = name;

    /// <summary>The stream name.</summary>
    public string Name { get; }

    /// <summary>Records read from the vendor.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Models sent to Chariot.</summary>
    public long Emitted => Interlocked.Read(ref _emitted);

    /// <summary>Models the filter dropped.</summary>
    public long Filtered => Interlocked.Read(ref _filtered);

    /// <summary>Bad records skipped, each with a logged reason.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>HTTP requests sent, retries included.</summary>
    public long HttpCalls => Interlocked.Read(ref _httpCalls);

    /// <summary>Requests retried.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>429 answers received.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>Counts records read.</summary>
    public void AddReceived(long count = 1) => Interlocked.Add(ref _received, count);

    /// <summary>Counts models sent.</summary>
    public void AddEmitted(long count = 1) => Interlocked.Add(ref _emitted, count);

    /// <summary>Counts models filtered.</summary>
    public void AddFiltered(long count = 1) => Interlocked.Add(ref _filtered, count);

    /// <summary>Counts bad records skipped.</summary>
    public void AddSkipped(long count = 1) => Interlocked.Add(ref _skipped, count);

    /// <summary>Counts an HTTP request.</summary>
    public void AddHttpCall() => Interlocked.Increment(ref _httpCalls);

    /// <summary>Counts a retry.</summary>
    public void AddRetry() => Interlocked.Increment(ref _retries);

    /// <summary>Counts a 429.</summary>
    public void AddThrottled() => Interlocked.Increment(ref _throttled);
}
