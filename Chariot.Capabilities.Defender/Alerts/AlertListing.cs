using System.Runtime.CompilerServices;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Defender.Sync;
using Chariot.Capabilities.Reporting;
using Microsoft.Extensions.Logging;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>One step of the alert listing: an alert, or the end of a page.</summary>
/// <param name="Alert">The alert read, or null at the end of a page.</param>
/// <param name="PageEnd">Where the listing stands at the end of a page, or null for an alert.</param>
/// <param name="OldestFirst">Whether the listing reads oldest change first (else newest first, for the rest of the sync).</param>
internal readonly record struct AlertListingStep(GraphAlert? Alert, AlertPageEnd? PageEnd, bool OldestFirst);

/// <summary>Where the alert listing stands after a page.</summary>
/// <param name="ResumeFrom">Every alert not given yet was last updated at or after this time; null when the listing cannot say so (newest first).</param>
/// <param name="Complete">Whether every alert of the window was given.</param>
internal sealed record AlertPageEnd(DateTimeOffset? ResumeFrom, bool Complete);

/// <summary>
/// Reads Graph alerts_v2 oldest change first, by a moving <c>lastUpdateDateTime</c> window, so that the listing never
/// depends on <c>@odata.nextLink</c> (alerts_v2 was seen to give none although more alerts matched):
/// <list type="bullet">
/// <item>each query asks <c>lastUpdateDateTime ge {window}</c> (and <c>le</c> the sync's start, so the listing ends and
/// an alert changed during the sync waits for the next one), <c>$orderby=lastUpdateDateTime asc</c>, <c>$top=1000</c>,
/// <c>$count=true</c>;</item>
/// <item>a nextLink, when given, continues the same query; when none is given after a full page, the window moves to the
/// newest time read and <c>$skip</c> passes the alerts of that time already read (a time shared by more than a page is
/// read by <c>$skip</c> alone), so nothing is read twice and the calls are ceil(alerts / 1000);</item>
/// <item>the listing ends when <c>@odata.count</c> says the query is read (without a count: at a page smaller than
/// those before it, or an empty one);</item>
/// <item>a count smaller than the pages before it announced means alerts left the window while it was read, so offsets
/// may have passed alerts not given: the window is read again from the last point known to be safe;</item>
/// <item>a service that refuses <c>$orderby</c> (400) or does not honour it is read newest first with <c>$top</c> and
/// <c>$skip</c> for the rest of the sync, logged once.</item>
/// </list>
/// Alerts may be given more than once (a window read again): the caller skips the versions it has.
/// </summary>
internal sealed partial class AlertListing(DefenderClients clients, ODataPager pager, ILogger<AlertListing> logger)
{
    /// <summary>The page size asked for: larger values were seen clamped to it.</summary>
    public const int PageSize = 1000;

    private const string OldestFirst = "lastUpdateDateTime asc";

    public async IAsyncEnumerable<AlertListingStep> ReadAsync(
        DateTimeOffset? from,
        DateTimeOffset until,
        StreamCounters counters,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cursor = new Cursor(from);
        var links = new HashSet<string>(StringComparer.Ordinal);
        for (var request = 1; ; request++)
        {
            var call = clients.Alerts(AlertQuery.Build(clients.Settings, cursor.Window, until), cursor.OldestFirst ? OldestFirst : null, PageSize, cursor.Skip);
            if (request > call.MaxPages)
            {
                throw ODataPager.TooManyPages(call);
            }

            var outcome = new PageOutcome();
            RefusedQueryException? refused = null;
            await using (var items = pager.ReadPageAsync(call, cursor.Link, request, DefenderJson.Default.GraphAlert, counters, outcome, cancellationToken).GetAsyncEnumerator(cancellationToken))
            {
                while (true)
                {
                    try
                    {
                        if (!await items.MoveNextAsync())
                        {
                            break;
                        }
                    }
                    catch (RefusedQueryException e) when (cursor.OldestFirst)
                    {
                        refused = e;
                        break;
                    }

                    cursor.Given(items.Current);
                    yield return new AlertListingStep(items.Current, null, cursor.OldestFirst);
                }
            }

            if (refused is not null)
            {
                LogOrderByRefused(refused.Message);
                cursor.ReadNewestFirst();
                continue;
            }

            if (cursor.Disordered)
            {
                LogOrderByIgnored();
                cursor.ReadNewestFirst();
                yield return new AlertListingStep(null, new AlertPageEnd(null, Complete: false), cursor.OldestFirst);
                continue;
            }

            var end = cursor.PageRead(outcome, clients.AlertsEndpoint, links);
            if (cursor.Link is null)
            {
                // A loop is a link repeated within one query; the next query may well be linked the same way.
                links.Clear();
            }

            if (cursor.Left > 0)
            {
                LogListingChanged(cursor.Left);
            }

            yield return new AlertListingStep(null, end, cursor.OldestFirst);
            if (end.Complete)
            {
                yield break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "alerts_v2 refused $orderby ({Problem}); this sync reads alerts newest first with $top and $skip")]
    private partial void LogOrderByRefused(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "alerts_v2 did not order alerts by lastUpdateDateTime as asked; this sync reads them newest first with $top and $skip")]
    private partial void LogOrderByIgnored();

    [LoggerMessage(Level = LogLevel.Information, Message = "{Left} alerts left the listing while it was read (they changed); reading on from where nothing can have been passed")]
    private partial void LogListingChanged(long left);

    /// <summary>Where the listing stands: the query being read and what its pages said.</summary>
    private sealed class Cursor(DateTimeOffset? from)
    {
        private long _offset;
        private long? _expected;
        private DateTimeOffset? _safe = from;
        private DateTimeOffset? _newest = from;
        private long _tie;
        private int _largest;

        /// <summary>Oldest change first (else newest first, for the rest of the sync).</summary>
        public bool OldestFirst { get; private set; } = true;

        /// <summary>The query's lower bound on lastUpdateDateTime.</summary>
        public DateTimeOffset? Window { get; private set; } = from;

        /// <summary>The query's <c>$skip</c>.</summary>
        public long Skip { get; private set; }

        /// <summary>The next page of the query, as the service linked it.</summary>
        public Uri? Link { get; private set; }

        /// <summary>Whether an oldest-first page gave an alert older than the one before it.</summary>
        public bool Disordered { get; private set; }

        /// <summary>How many alerts left the last query while it was read (0 when none, or the service does not count).</summary>
        public long Left { get; private set; }

        public void Given(GraphAlert alert)
        {
            if (alert.LastUpdateDateTime is not { } updated)
            {
                // It holds a place in the query all the same.
                _tie++;
                return;
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

        /// <summary>The service does not order: newest first from the last safe point, every page by <c>$skip</c>.</summary>
        public void ReadNewestFirst()
        {
            OldestFirst = false;
            Disordered = false;
            Restart(_safe);
        }

        /// <summary>Decides the next request from the page just read, and says where the listing stands.</summary>
        public AlertPageEnd PageRead(PageOutcome page, Api.ApiEndpoint endpoint, HashSet<string> links)
        {
            var pageStart = _offset;
            _offset += page.Items;
            Left = _expected is { } expected && page.Count is { } count && count < expected ? expected - count : 0;
            if (Left > 0)
            {
                if (OldestFirst)
                {
                    // Alerts before the offset may have moved out, shifting others past it unread: read again from safety.
                    Restart(_safe);
                    return new AlertPageEnd(_safe, Complete: false);
                }

                // Newest first, each alert that left before this page shifted the rest by one: this page started that
                // much too far on, so read from there again.
                Skip = _offset = Math.Max(0, pageStart - Left);
                _expected = page.Count;
                Link = null;
                return new AlertPageEnd(null, Complete: false);
            }

            _expected = page.Count;
            if (page.NextLink is { } next)
            {
                Link = ODataPager.CheckLink(endpoint, next, links);
                return Reached();
            }

            Link = null;
            if (Ended(page))
            {
                return new AlertPageEnd(OldestFirst ? _newest : null, Complete: true);
            }

            if (OldestFirst && _newest != Window && page.Count is null)
            {
                // The window moves to the newest time read. Without a count no offset can be checked, so the alerts of
                // that time are read again (and skipped by the caller) rather than passed by $skip.
                Restart(_newest);
            }
            else if (OldestFirst && _newest != Window)
            {
                // The window moves to the newest time read; $skip passes the alerts of that time already read.
                _expected = page.Count - (_offset - _tie);
                Window = _newest;
                Skip = _offset = _tie;
            }
            else
            {
                Skip = _offset;
            }

            return Reached();
        }

        private AlertPageEnd Reached()
        {
            if (!OldestFirst)
            {
                return new AlertPageEnd(null, Complete: false);
            }

            _safe = _newest;
            return new AlertPageEnd(_safe, Complete: false);
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
            var ended = page.Items < PageSize && page.Items < _largest;
            _largest = Math.Max(_largest, page.Items);
            return ended;
        }

        private void Restart(DateTimeOffset? window)
        {
            Window = _newest = window;
            Skip = _offset = _tie = 0;
            _expected = null;
            Link = null;
        }
    }
}
