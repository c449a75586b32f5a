using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// Several alerts can be the same detection on the same host, which is one risk, sent once. The risk must say the
/// detection is still open while any of its alerts is: a resolved (or rejected) alert is held back until the listing
/// ends and is sent only if no open alert of the same detection came; the alerts' facts (ids, links) all go to the
/// one risk either way.
/// </summary>
internal sealed class DetectionStates
{
    private readonly HashSet<string> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MappedAlert> _closed = new(StringComparer.Ordinal);

    /// <summary>What to send now for this alert: nothing while its detection may still turn out open.</summary>
    public IReadOnlyList<MappedAlert> Admit(MappedAlert alert)
    {
        var key = alert.Risk.Key;
        if (alert.Risk.Status.State is RiskState.Triage or RiskState.Open)
        {
            _open.Add(key);
            return _closed.Remove(key, out var closed) ? [Absorb(alert, closed)] : [alert];
        }

        if (_open.Contains(key))
        {
            return [alert];
        }

        _closed[key] = _closed.TryGetValue(key, out var held) ? Absorb(held, alert) : alert;
        return [];
    }

    /// <summary>The detections whose every alert was closed, once the listing ended.</summary>
    public IEnumerable<MappedAlert> ClosedOnly() => _closed.Values;

    private static MappedAlert Absorb(MappedAlert keeper, MappedAlert other) =>
        keeper with { Attributes = [.. keeper.Attributes, .. other.Attributes.Select(a => a with { Parent = keeper.Risk })] };
}
