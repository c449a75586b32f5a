using System.Runtime.CompilerServices;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Http;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Defender.Sync;
using Chariot.Capabilities.Reporting;
using Microsoft.Extensions.Logging;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// Reads Graph alerts_v2 oldest change first, by a moving <c>lastUpdateDateTime</c> window, so that the listing never
/// depends on <c>@odata.nextLink</c> (alerts_v2 was seen to give none although more alerts matched):
/// <list type="bullet">
/// <item>each query asks <c>lastUpdateDateTime ge {window}</c> (and <c>le</c> the sync's start, so the listing ends and
/// an alert changed during the sync waits for the next one), <c>$orderby=lastUpdateDateTime asc</c>, <c>$top=1000</c>,
/// <c>$count=true</c>;</item>
/// <item>a nextLink, when given, continues the same query; when none is given after a full page, the window moves to the
/// newest time read and <c>$skip</c> passes the alerts of that time already read (a time shared by more than a page is
/// read by <c>$skip</c> alone), so nothing is read twice and the calls are ceil(alerts / 1000). A nextLink is followed
/// only once counts have proven the service orders the alerts (<see cref="AlertCursor"/>);</item>
/// <item>the listing ends when <c>@odata.count</c> says the query is read (without a count: at a page smaller than
/// those before it, or an empty one);</item>
/// <item>a count smaller than the pages before it announced means alerts left the window while it was read, so offsets
/// may have passed alerts not given: the next page starts that many places back (after a moved window, once one more
/// call has counted the alerts before it, to tell that apart from a service that does not order);</item>
/// <item>a service that refuses <c>$orderby</c> (400) or does not honour it is read newest first with <c>$top</c> and
/// <c>$skip</c> for the rest of the sync, logged once.</item>
/// </list>
/// Alerts may be given more than once (a window read again): the caller skips the versions it has.
/// </summary>
internal sealed partial class AlertListing(DefenderClients clients, ODataPager pager, ILogger<AlertListing> logger)
{
    private const string OldestFirst = "lastUpdateDateTime asc";

    public async IAsyncEnumerable<AlertListingStep> ReadAsync(
        DateTimeOffset from,
        DateTimeOffset until,
        StreamCounters counters,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cursor = new AlertCursor(from);
        var links = new HashSet<string>(StringComparer.Ordinal);
        for (var request = 1; ; request++)
        {
            var call = clients.Alerts(AlertQuery.Build(clients.Settings, cursor.Window, until), cursor.OldestFirst ? OldestFirst : null, ApiEndpoints.Alerts.PageSize, cursor.Skip);
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

            var more = true;
            if (cursor.Disordered)
            {
                LogOrderByIgnored();
                cursor.ReadNewestFirst();
            }
            else
            {
                more = cursor.PageRead(outcome, clients.AlertsEndpoint, links);
                if (cursor.CheckNeeded is (var checkFrom, var checkBefore))
                {
                    cursor.Checked(await CountAsync(checkFrom, checkBefore, until, ++request, cancellationToken));
                    if (!cursor.OldestFirst)
                    {
                        LogOrderByIgnored();
                    }
                }

                if (cursor.Left > 0 && cursor.OldestFirst)
                {
                    LogListingChanged(cursor.Left);
                }
            }

            if (cursor.Link is null)
            {
                // A loop is a link repeated within one query; the next query may well be linked the same way.
                links.Clear();
            }

            yield return new AlertListingStep(null, new AlertPageEnd(cursor.ResumeFrom, !more), cursor.OldestFirst);
            if (!more)
            {
                yield break;
            }
        }
    }

    // How many alerts the service has in [from, before): only the count is read.
    private async Task<long?> CountAsync(DateTimeOffset from, DateTimeOffset before, DateTimeOffset until, int request, CancellationToken cancellationToken)
    {
        var filter = AlertQuery.Build(clients.Settings, from, until) + $" and lastUpdateDateTime lt {Api.ODataLiteral.DateTime(before)}";
        var outcome = new PageOutcome();
        await foreach (var unused in pager.ReadPageAsync(clients.Alerts(filter, null, 1, 0), null, request, DefenderJson.Default.GraphAlert, null, outcome, cancellationToken))
        {
            // Only the count matters: the listing gives the alert itself.
        }

        return outcome.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "alerts_v2 refused $orderby ({Problem}); this sync reads alerts newest first with $top and $skip")]
    private partial void LogOrderByRefused(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "alerts_v2 did not order alerts by lastUpdateDateTime as asked; this sync reads them newest first with $top and $skip")]
    private partial void LogOrderByIgnored();

    [LoggerMessage(Level = LogLevel.Information, Message = "{Left} alerts left the listing while it was read (they changed); reading on from where nothing can have been passed")]
    private partial void LogListingChanged(long left);
}
