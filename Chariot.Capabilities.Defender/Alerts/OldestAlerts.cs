using Chariot.Capabilities.Defender.Api.Dtos;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// The oldest changes of a listing read newest first, at most as many as <c>max_alerts</c> still allows: a bounded heap,
/// one version per alert, given back oldest first once the listing ended.
/// </summary>
internal sealed class OldestAlerts
{
    private readonly PriorityQueue<GraphAlert, long> _newestOnTop = new();
    private readonly Dictionary<string, DateTimeOffset> _kept = new(StringComparer.Ordinal);

    /// <summary>The time of the oldest change left out because it did not fit, if any: the checkpoint must not pass it.</summary>
    public DateTimeOffset? OldestDropped { get; private set; }

    /// <summary>How many changes were left out because they did not fit.</summary>
    public int Dropped { get; private set; }

    /// <summary>How many alerts were given again in the same version (a listing read again), and not kept twice.</summary>
    public int Repeated { get; private set; }

    /// <summary>
    /// Keeps the alert if it is among the oldest <paramref name="room"/>. Returns the time of another version of an alert
    /// already kept (a listing read again can give both): the first one given is kept, the other left for the next sync.
    /// </summary>
    public DateTimeOffset? Keep(GraphAlert alert, int room)
    {
        var updated = alert.LastUpdateDateTime!.Value;
        if (_kept.TryGetValue(alert.Id!, out var kept))
        {
            if (updated == kept)
            {
                Repeated++;
                return null;
            }

            return updated;
        }

        _kept[alert.Id!] = updated;
        _newestOnTop.Enqueue(alert, -updated.UtcTicks);
        while (_newestOnTop.Count > room)
        {
            var newest = _newestOnTop.Dequeue();
            _kept.Remove(newest.Id!);
            Dropped++;
            if (OldestDropped is null || newest.LastUpdateDateTime < OldestDropped)
            {
                OldestDropped = newest.LastUpdateDateTime;
            }
        }

        return null;
    }

    /// <summary>The alerts kept, oldest first.</summary>
    public IReadOnlyList<GraphAlert> OldestFirst()
    {
        var oldest = new List<GraphAlert>(_newestOnTop.Count);
        while (_newestOnTop.TryDequeue(out var alert, out _))
        {
            oldest.Add(alert);
        }

        oldest.Reverse();
        return oldest;
    }
}
