using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Paging;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// Where the alert listing stands: the query being read (window, <c>$skip</c>, nextLink), what its pages said, and the
/// point before which every alert was given. Pure state: <see cref="AlertListing"/> makes the requests.
/// </summary>
internal sealed class AlertCursor(DateTimeOffset? from)
{
    private long _offset;
    private long? _expected;
    private DateTimeOffset? _safe = from;
    private DateTimeOffset? _newest = from;
    private long _tie;
    private int _largest;
    private Jump? _jump;

    /// <summary>What to do after a page.</summary>
    public enum Next
    {
        /// <summary>Ask for the next page.</summary>
        Read,

        /// <summary>The listing is read to its end.</summary>
        Done,

        /// <summary>Count the alerts of <see cref="Probe"/> before going on (<see cref="Probed"/>).</summary>
        Probe,
    }

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

    /// <summary>The time range to count when <see cref="Next.Probe"/> was decided: from, before.</summary>
    public (DateTimeOffset? From, DateTimeOffset Before) Probe => (_jump!.From, _jump.To);

    public void Given(GraphAlert alert)
    {
        if (alert.LastUpdateDateTime is not { } updated || updated == _newest)
        {
            // An alert without a time holds a place in the query all the same.
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

    /// <summary>Decides what follows the page just read.</summary>
    public Next PageRead(PageOutcome page, ApiEndpoint endpoint, HashSet<string> links)
    {
        var pageStart = _offset;
        _offset += page.Items;
        Left = _expected is { } expected && page.Count is { } count && count < expected ? expected - count : 0;
        if (Left > 0)
        {
            return Shrunk(pageStart, page.Count);
        }

        // A window moved at the last page is confirmed by this page's count: nothing before it was left unread.
        _jump = null;
        _expected = page.Count;
        if (page.NextLink is { } next)
        {
            Link = ODataPager.CheckLink(endpoint, next, links);
            Advance();
            return Next.Read;
        }

        Link = null;
        if (Ended(page))
        {
            return Next.Done;
        }

        if (OldestFirst && _newest != Window)
        {
            MoveWindow(page.Count);
            return Next.Read;
        }

        Skip = _offset;
        Advance();
        return Next.Read;
    }

    /// <summary>
    /// The count of the range before the window moved: more alerts than were given there means the service did not order
    /// them (a page of one time hides that); otherwise alerts left the listing while it was read.
    /// </summary>
    public void Probed(long? count)
    {
        var jump = _jump!;
        _jump = null;
        if (count is not { } inRange || inRange > jump.Given)
        {
            ReadNewestFirst();
        }
        else
        {
            Restart(_safe);
        }
    }

    private Next Shrunk(long pageStart, long? count)
    {
        if (!OldestFirst)
        {
            // Newest first, each alert that left before this page shifted the rest by one: this page started that much
            // too far on, so read from there again.
            Skip = _offset = Math.Max(0, pageStart - Left);
            _expected = count;
            Link = null;
            return Next.Read;
        }

        if (_jump is not null)
        {
            return Next.Probe;
        }

        // Alerts before the offset may have moved out, shifting others past it unread: read again from the safe point.
        Restart(_safe);
        return Next.Read;
    }

    // The window moves to the newest time read; $skip passes the alerts of that time already read. Without a count no
    // offset can be checked, so those alerts are read again (and skipped by the caller) instead.
    private void MoveWindow(long? count)
    {
        var given = _offset - _tie;
        if (count is null)
        {
            Restart(_newest);
            Advance();
            return;
        }

        _jump = new Jump(Window, _newest!.Value, given);
        _expected = count - given;
        Window = _newest;
        Skip = _offset = _tie;
    }

    // Everything before the newest time given was given, when the service orders (a moved window waits for its count).
    private void Advance()
    {
        if (OldestFirst && _jump is null)
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
        _jump = null;
        Link = null;
    }

    /// <summary>A window moved from <paramref name="From"/> to <paramref name="To"/> after <paramref name="Given"/> alerts of the range between.</summary>
    private sealed record Jump(DateTimeOffset? From, DateTimeOffset To, long Given);
}
