namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// Where one sync stands in the alert changes, and the checkpoint that follows from it. The watermark never passes:
/// <list type="bullet">
/// <item>the point the listing has read up to (every alert not handled yet was updated at or after it);</item>
/// <item>the sync's start less a settling margin: pages are not a snapshot, and Microsoft may record an update late, so
/// the last minutes before the start are asked for again by the next sync;</item>
/// <item>an alert version left for the next sync (a newer version of an alert this sync already handled).</item>
/// </list>
/// The versions handled at or after the watermark go with it, so the next sync neither loses nor repeats alerts that
/// share a timestamp. Older versions are forgotten as the listing moves on, so memory follows the window, not the tenant.
/// </summary>
internal sealed class AlertWatermark
{
    private readonly AlertCheckpoint? _previous;
    private readonly DateTimeOffset _horizon;
    private readonly HashSet<SentAlert> _handled;
    private DateTimeOffset? _readUpTo;
    private DateTimeOffset? _newest;
    private DateTimeOffset? _deferred;
    private DateTimeOffset? _forgottenBefore;

    /// <summary>Starts from the last checkpoint; the watermark stays <paramref name="settlingMargin"/> before the sync's start.</summary>
    public AlertWatermark(AlertCheckpoint? previous, DateTimeOffset syncStart, TimeSpan settlingMargin)
    {
        _previous = previous;
        _horizon = syncStart - settlingMargin;
        _handled = [.. previous?.Sent ?? []];
    }

    /// <summary>How many handled versions the watermark remembers (those at or after it).</summary>
    public int Remembered => _handled.Count;

    /// <summary>
    /// Whether this version of an alert is still to be handled: not older than the watermark nor than the point the
    /// listing has read up to (a listing that steps back gives such versions again, and they were forgotten), not handled
    /// yet.
    /// </summary>
    public bool IsNew(string id, DateTimeOffset updated) =>
        !(updated < _previous?.Time) && !(updated < _forgottenBefore) && !_handled.Contains(new SentAlert(id, updated));

    /// <summary>This version was handled (sent, held, or unmappable: it never needs reading again).</summary>
    public void Handled(string id, DateTimeOffset updated)
    {
        _handled.Add(new SentAlert(id, updated));
        if (_newest is null || updated > _newest)
        {
            _newest = updated;
        }
    }

    /// <summary>A version left for the next sync: the watermark stays at or before it.</summary>
    public void Defer(DateTimeOffset updated)
    {
        if (_deferred is null || updated < _deferred)
        {
            _deferred = updated;
        }
    }

    /// <summary>The listing has given every alert updated before <paramref name="point"/>; versions older than the watermark are forgotten.</summary>
    public void ReadUpTo(DateTimeOffset point)
    {
        _readUpTo = point;
        var time = Bounded(point);
        _handled.RemoveWhere(s => s.Updated < time);
        _forgottenBefore = time;
    }

    /// <summary>The checkpoint at the point the listing has read up to, or null before it said any.</summary>
    public AlertCheckpoint? Progress() => _readUpTo is { } point ? At(Bounded(point)) : null;

    /// <summary>
    /// The checkpoint once the sync ends: at the newest version handled, or the point read up to when that is later (the
    /// versions before it may have been forgotten), but not after <paramref name="notAfter"/> (a sync stopped by
    /// <c>max_alerts</c> inside a page); null when nothing was ever handled.
    /// </summary>
    public AlertCheckpoint? Final(DateTimeOffset? notAfter = null)
    {
        var reached = _readUpTo is { } point && !(point <= _newest) ? point : _newest;
        if (notAfter is { } cap && reached > cap)
        {
            reached = cap;
        }

        return (reached ?? _previous?.Time) is { } time ? At(Bounded(time)) : null;
    }

    private DateTimeOffset Bounded(DateTimeOffset reached)
    {
        var time = reached < _horizon ? reached : _horizon;
        if (_deferred is { } deferred && deferred < time)
        {
            time = deferred;
        }

        return _previous is { } previous && previous.Time > time ? previous.Time : time;
    }

    private AlertCheckpoint At(DateTimeOffset time) =>
        new(time, [.. _handled.Where(s => s.Updated >= time).OrderBy(s => s.Updated).ThenBy(s => s.Id, StringComparer.Ordinal)]);
}
