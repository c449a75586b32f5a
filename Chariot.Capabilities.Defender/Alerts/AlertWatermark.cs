namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// Computes the checkpoint a sync saves from what it sent: the watermark is the newest update sent, but never later
/// than the sync's start less a settling margin, so an alert that changed while the listing was read (pages are not a
/// snapshot) or that Microsoft recorded late is asked for again; the versions already sent since the watermark are
/// kept so they are not sent twice.
/// </summary>
internal sealed class AlertWatermark(AlertCheckpoint? previous, DateTimeOffset syncStart)
{
    /// <summary>How far before the sync's start the watermark stays: covers late-recorded updates and clock skew.</summary>
    public static readonly TimeSpan SettlingMargin = TimeSpan.FromMinutes(10);

    private readonly List<SentAlert> _sent = [];
    private DateTimeOffset? _newest;

    public void Sent(string id, DateTimeOffset updated)
    {
        _sent.Add(new SentAlert(id, updated));
        if (_newest is null || updated > _newest)
        {
            _newest = updated;
        }
    }

    /// <summary>The checkpoint to save, or null when nothing was ever sent.</summary>
    public AlertCheckpoint? Checkpoint()
    {
        var newest = _newest ?? previous?.Time;
        if (newest is not { } reached)
        {
            return null;
        }

        var horizon = syncStart - SettlingMargin;
        var time = reached < horizon ? reached : horizon;
        if (previous is not null && previous.Time > time)
        {
            time = previous.Time;
        }

        var kept = (previous?.Sent ?? []).Concat(_sent)
            .Where(s => s.Updated >= time)
            .Distinct()
            .ToArray();
        return new AlertCheckpoint(time, kept);
    }
}
