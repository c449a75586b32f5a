using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Paging;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// Where the alert listing stands: the query being read (window, <c>$skip</c>, nextLink), what its pages said, and the
/// point before which every alert was given. Pure state: <see cref="AlertListing"/> makes the requests.
/// </summary>
/// <remarks>
/// The window moves only once a query has shown the service orders it (two times given in ascending order): a page of
/// one time, the newest alerts of a service that ignores <c>$orderby</c>, would otherwise move it past older alerts
/// never read. Until then the query goes on by <c>$skip</c>, where the disorder shows. A moved window is confirmed by the
/// count of its first page; a count lower than announced means alerts left while offsets were in use.
/// </remarks>
internal sealed class AlertCursor(DateTimeOffset? from)
{
    private long _offset;
    private long? _expected;
    private DateTimeOffset? _safe = from;
    private DateTimeOffset? _newest = from;
    private DateTimeOffset? _first;
    private bool _ordered;
    private long _tie;
    private int _largest;
    private DateTimeOffset? _movedTo;

    /// <summary>Oldest change first (else newest first, for the rest of the sync).</summary>
    public bool OldestFirst { get; private set; } = true;

    /// <summary>The query's lower bound on lastUpdateDateTime.</summary>
    public DateTimeOffset? Window { get; private set; } = from;

    /// <summary>The query's <c>$skip</c>.</summary>
    public long Skip { get; private set; }

    /// <summary>The next page of the query, as the service linked it.</summary>
    public Uri? Link { get; private set; }

    /// <summary>Whether an oldest-first query gave an alert older than one before it.</summary>
    public bool Disordered { get; private set; }

    /// <summary>How many alerts the last page's count says left the query while it was read.</summary>
    public long Left { get; private set; }

    /// <summary>Every alert not given yet was last updated at or after this point (null: from the start).</summary>
    public DateTimeOffset? ResumeFrom => OldestFirst ? _safe : Window;

    public void Given(GraphAlert alert)
    {
        if (alert.LastUpdateDateTime is not { } updated)
        {
            // An alert without a time holds a place in the query all the same.
            _tie++;
            return;
        }

        if (_first is null)
        {
            _first = updated;
        }
        else if (updated > _first)
        {
            _ordered = true;
        }

        if (updated == _newest)
        {
            _tie++;
            return;
        }

        Disordered |= OldestFirst && updated < _newest;
        _newest = updated;
        _tie = 1;
    }

    /// <summary>The service does not order: read newest first from the point known safe, every page by <c>$skip</c>.</summary>
    public void ReadNewestFirst()
    {
        OldestFirst = false;
        Disordered = false;
        Restart(_safe);
    }

    /// <summary>Decides what follows the page just read; false when the listing is read to its end.</summary>
    public bool PageRead(PageOutcome page, ApiEndpoint endpoint, HashSet<string> links)
    {
        var pageStart = _offset;
        _offset += page.Items;
        Left = _expected is { } expected && page.Count is { } count && count < expected ? expected - count : 0;
        if (Left > 0)
        {
            Shrunk(pageStart, page.Count);
            return true;
        }

        if (_movedTo is { } movedTo)
        {
            // The moved window's count holds: every alert before it was given.
            _safe = movedTo;
            _movedTo = null;
        }

        _expected = page.Count;
        if (page.NextLink is { } next)
        {
            Link = ODataPager.CheckLink(endpoint, next, links);
            Advance();
            return true;
        }

        Link = null;
        if (Ended(page))
        {
            return false;
        }

        if (OldestFirst && _ordered && _newest != Window)
        {
            MoveWindow(page.Count);
            return true;
        }

        Skip = _offset;
        Advance();
        return true;
    }

    private void Shrunk(long pageStart, long? count)
    {
        if (!OldestFirst)
        {
            // Newest first, each alert that left before this page shifted the rest by one: this page started that much
            // too far on, so read from there again.
            Skip = _offset = Math.Max(0, pageStart - Left);
            _expected = count;
            Link = null;
            return;
        }

        if (_movedTo is { } movedTo)
        {
            // The window moved where the order was shown: only its $skip can have passed alerts, so read that time again.
            _safe = movedTo;
            Restart(movedTo);
            return;
        }

        // Alerts before the offset may have moved out, shifting others past it unread: read again from the safe point.
        Restart(_safe);
    }

    // The window moves to the newest time read; $skip passes the alerts of that time already read. Without a count no
    // offset can be checked, so those alerts are read again (and skipped by the caller) instead.
    private void MoveWindow(long? count)
    {
        if (count is null)
        {
            _safe = _newest;
            Restart(_newest);
            return;
        }

        var given = _offset - _tie;
        _movedTo = _newest;
        _expected = count - given;
        Window = _newest;
        Skip = _offset = _tie;
        _first = null;
        _ordered = false;
    }

    // Every alert before the newest time given was given, once the query showed it is ordered (or is one time, its start).
    private void Advance()
    {
        if (OldestFirst && _movedTo is null && (_ordered || _newest == Window))
        {
            _safe = _newest;
        }
    }

    private bool Ended(PageOutcome page)
    {
        if (page.Items == 0)
        {
            return true;
        }

        if (page.Count is { } count)
        {
            return count <= _offset;
        }

        // Without a count, a short page is one smaller than those before it: a clamp may make the first page look short.
        var ended = page.Items < AlertListing.PageSize && page.Items < _largest;
        _largest = Math.Max(_largest, page.Items);
        return ended;
    }

    private void Restart(DateTimeOffset? window)
    {
        Window = _newest = window;
        Skip = _offset = _tie = 0;
        _expected = null;
        _movedTo = null;
        _first = null;
        _ordered = false;
        Link = null;
    }
}
