using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Http;
using Chariot.Capabilities.Defender.Paging;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// Where the alert listing stands: the query being read (window, <c>$skip</c>, nextLink), what its pages said, and the
/// point before which every alert was given. Pure state: <see cref="AlertListing"/> makes the requests.
/// </summary>
/// <remarks>
/// <para>
/// The order of the listing is taken on trust only once counts prove it. A page can look ordered while the service
/// ignores <c>$orderby</c> (a page of one time, or alerts a bulk change stamped in listing order), so until then a
/// nextLink is not followed: the window moves instead, and the count of the moved window's first page must be the
/// first count less the alerts given before the new window. When it is lower, either alerts left the listing while it
/// was read or the service did not order: one more call counts the alerts before the new window to tell which.
/// </para>
/// <para>
/// A count lower than the query announced before means alerts left while offsets were in use: the next page starts
/// that many places back (an offset can have passed at most one alert for each that left).
/// </para>
/// </remarks>
internal sealed class AlertCursor(DateTimeOffset from)
{
    private long _offset;
    private long? _expected;
    private DateTimeOffset _safe = from;
    private DateTimeOffset _newest = from;
    private DateTimeOffset? _first;
    private bool _ascending;
    private bool _orderProven;
    private long _tie;
    private int _largest;
    private Move? _move;
    private Check? _check;

    /// <summary>Oldest change first (else newest first, for the rest of the sync).</summary>
    public bool OldestFirst { get; private set; } = true;

    /// <summary>The query's lower bound on lastUpdateDateTime.</summary>
    public DateTimeOffset Window { get; private set; } = from;

    /// <summary>The query's <c>$skip</c>.</summary>
    public long Skip { get; private set; }

    /// <summary>The next page of the query, as the service linked it.</summary>
    public Uri? Link { get; private set; }

    /// <summary>Whether an oldest-first query gave an alert older than one before it.</summary>
    public bool Disordered { get; private set; }

    /// <summary>How many alerts the last page's count says left the query while it was read.</summary>
    public long Left { get; private set; }

    /// <summary>Every alert not given yet was last updated at or after this point.</summary>
    public DateTimeOffset ResumeFrom => OldestFirst ? _safe : Window;

    /// <summary>The range to count (from, before), when the last page needs a check before going on.</summary>
    public (DateTimeOffset From, DateTimeOffset Before)? CheckNeeded => _check is { Move: var move } ? (move.From, move.To) : null;

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
            _ascending = true;
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
        _check = null;
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
            if (OldestFirst && !_orderProven && _move is { } move)
            {
                // Fewer alerts from the new window than expected: alerts left, or the service did not order. Count.
                _check = new Check(move, pageStart, page.Count);
                return true;
            }

            StepBack(pageStart, page.Count);
            return true;
        }

        if (_move is { } moved)
        {
            // The moved window counts exactly what it should: every alert before it was given, and the order holds.
            _safe = moved.To;
            _move = null;
            _orderProven = true;
        }

        _expected = page.Count;
        var trustLink = !OldestFirst || _orderProven || page.Count is null || _newest == Window;
        if (page.NextLink is { } next && trustLink)
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

        if (OldestFirst && _newest != Window && (page.Count is not null || _ascending))
        {
            MoveWindow(page.Count);
            return true;
        }

        Skip = _offset;
        Advance();
        return true;
    }

    /// <summary>The count of the range <see cref="CheckNeeded"/> named: more alerts than were given there means no order.</summary>
    public void Checked(long? count)
    {
        var check = _check!;
        _check = null;
        if (count is not { } inRange || inRange > check.Move.Given)
        {
            ReadNewestFirst();
            return;
        }

        // Ordered: alerts left while the window moved. Every alert before the new window was given.
        _orderProven = true;
        StepBack(check.PageStart, check.PageCount);
    }

    // Alerts left while offsets were in use: this page started at most that many places too far on. Oldest first, what
    // was given before the new offset is taken as the window's own time: a later move then skips fewer alerts than it
    // could (they are read again and skipped by the caller), never more.
    private void StepBack(long pageStart, long? count)
    {
        Skip = _offset = Math.Max(0, pageStart - Left);
        _expected = count;
        Link = null;
        if (OldestFirst)
        {
            if (_orderProven && _move is { } move)
            {
                _safe = move.To;
                _move = null;
            }

            _newest = Window;
            _tie = Skip;
        }
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
        _move = new Move(Window, _newest, given);
        _expected = count - given;
        Window = _newest;
        Skip = _offset = _tie;
        _first = null;
        _ascending = false;
    }

    // Every alert before the newest time given was given, once the order is proven (or the query is one time, its start).
    private void Advance()
    {
        if (OldestFirst && _move is null && (_orderProven || _newest == Window || (_expected is null && _ascending)))
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
        var ended = page.Items < ApiEndpoints.Alerts.PageSize && page.Items < _largest;
        _largest = Math.Max(_largest, page.Items);
        return ended;
    }

    private void Restart(DateTimeOffset window)
    {
        Window = _newest = window;
        Skip = _offset = _tie = 0;
        _expected = null;
        _move = null;
        _first = null;
        _ascending = false;
        Link = null;
    }

    /// <summary>A window moved from <paramref name="From"/> to <paramref name="To"/> after <paramref name="Given"/> alerts between them.</summary>
    private sealed record Move(DateTimeOffset From, DateTimeOffset To, long Given);

    /// <summary>A moved window whose range must be counted before going on, and the page that called for it.</summary>
    private sealed record Check(Move Move, long PageStart, long? PageCount);
}
