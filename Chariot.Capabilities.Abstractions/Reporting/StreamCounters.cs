using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Chariot.Capabilities.Reporting;

/// <summary>What one stream of a run (for example <c>devices</c>) received, sent and met on the way. Thread-safe.</summary>
public sealed class StreamCounters
{
    // One counter per reason, added to without a lock or an allocation: a stream may skip a million rows.
    private readonly ConcurrentDictionary<string, StrongBox<long>> _skips = new(StringComparer.Ordinal);
    private long _received, _emitted, _filtered, _skipped, _httpCalls, _retries, _throttled;

    internal StreamCounters(string name) => Name = name;

    /// <summary>The stream name.</summary>
    public string Name { get; }

    /// <summary>Records read from the vendor, and those a checkpoint carried over from a sync that has not finished with them (alerts held back, fixes waiting to be checked).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Models sent to Chariot.</summary>
    public long Emitted => Interlocked.Read(ref _emitted);

    /// <summary>Models the filter dropped.</summary>
    public long Filtered => Interlocked.Read(ref _filtered);

    /// <summary>Records not sent, each for a reason (<see cref="Skips"/>): a bad record, one already sent, one left for the next sync...</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>The skipped records by reason.</summary>
    public IReadOnlyDictionary<string, long> Skips
    {
        get
        {
            var skips = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var (reason, count) in _skips)
            {
                skips[reason] = Interlocked.Read(ref count.Value);
            }

            return skips;
        }
    }

    /// <summary>The records skipped for <paramref name="reason"/> so far (0 for a reason never counted), without copying <see cref="Skips"/>.</summary>
    public long SkippedFor(string reason) =>
        _skips.TryGetValue(reason, out var count) ? Interlocked.Read(ref count.Value) : 0;

    /// <summary>Records received that are neither emitted, filtered nor skipped: 0 when the stream accounts for every record.</summary>
    public long Unaccounted => Received - Emitted - Filtered - Skipped;

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

    /// <summary>Counts records not sent, for <paramref name="reason"/> (a few words, the same for every such record).</summary>
    public void AddSkipped(string reason, long count = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (count == 0)
        {
            return;
        }

        Interlocked.Add(ref _skips.GetOrAdd(reason, static _ => new StrongBox<long>()).Value, count);
        Interlocked.Add(ref _skipped, count);
    }

    /// <summary>
    /// Fails when the stream does not account for every record it received (received = emitted + filtered + skipped):
    /// a record lost between the vendor and Chariot is a bug, and a run that hides one is not trusted.
    /// </summary>
    /// <exception cref="ReconciliationException">The counts do not add up.</exception>
    public void EnsureBalanced()
    {
        if (Unaccounted != 0)
        {
            throw new ReconciliationException(Name, Received, Emitted, Filtered, Skipped);
        }
    }

    /// <summary>Counts an HTTP request.</summary>
    public void AddHttpCall() => Interlocked.Increment(ref _httpCalls);

    /// <summary>Counts a retry.</summary>
    public void AddRetry() => Interlocked.Increment(ref _retries);

    /// <summary>Counts a 429.</summary>
    public void AddThrottled() => Interlocked.Increment(ref _throttled);
}
