using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Reporting;
using Microsoft.Extensions.Logging;

namespace Chariot.Capabilities.Defender.Paging;

/// <summary>
/// Follows <c>@odata.nextLink</c> verbatim to the end, streaming each page item by item. It stops loudly on a page cap,
/// a repeated link or a link to another host; re-reads a page whose body broke off (skipping the items already
/// given); and skips an unreadable item with a logged reason.
/// </summary>
internal sealed partial class ODataPager(ILogger<ODataPager> logger, TimeProvider time, SyncOptions options)
{
    private const int BodyAttempts = 3;

    public async IAsyncEnumerable<T> ReadAsync<T>(
        PagedCall call,
        JsonTypeInfo<T> itemType,
        StreamCounters counters,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Uri? link = null;
        for (var page = 1; ; page++)
        {
            if (page > call.MaxPages)
            {
                throw TooManyPages(call);
            }

            var outcome = new PageOutcome();
            await foreach (var item in ReadPageAsync(call, link, page, itemType, counters, outcome, cancellationToken))
            {
                yield return item;
            }

            if (outcome.NextLink is not { } next)
            {
                yield break;
            }

            link = CheckLink(call.Endpoint, next, seen);
        }
    }

    /// <summary>
    /// Reads one page, the first of <paramref name="call"/> or the one at <paramref name="link"/>, item by item; a body
    /// that breaks off is read again, without giving an item twice. Once the enumeration ends, <paramref name="outcome"/>
    /// holds the page's nextLink, count and number of items. Items are counted into <paramref name="counters"/> unless it
    /// is null (a page read only for its count).
    /// </summary>
    /// <exception cref="RefusedQueryException">The first page answered 400 and <see cref="PagedCall.BadRequestIsRefusal"/> is set.</exception>
    public async IAsyncEnumerable<T> ReadPageAsync<T>(
        PagedCall call,
        Uri? link,
        int page,
        JsonTypeInfo<T> itemType,
        StreamCounters? counters,
        PageOutcome outcome,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(outcome);
        var progress = new ReadProgress<T>(counters, problem => LogBadItem(call.Endpoint.Name, page, problem));
        for (var attempt = 1; ; attempt++)
        {
            var items = new List<ParsedItem<T>>();
            using var reader = new PageRead<T>(itemType, call.MaxPageItems, call.MaxPageBytes, options.IdleTimeout, time, call.ItemsName);
            var failed = false;
            using var response = link is null ? await call.First(cancellationToken) : await call.Next(link, cancellationToken);
            if (call.NotFoundIsEmpty && response.StatusCode == HttpStatusCode.NotFound && page == 1)
            {
                call.NotFound?.Invoke();
                yield break;
            }

            if (call.BadRequestIsRefusal && response.StatusCode == HttpStatusCode.BadRequest && link is null)
            {
                throw new RefusedQueryException(ApiFailures.Describe(response.StatusCode, call.Endpoint, ""));
            }

            await ApiFailures.EnsureSuccessAsync(response, call.Endpoint, cancellationToken);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            progress.Restart();
            while (!reader.Finished)
            {
                try
                {
                    await reader.ReadMoreAsync(body, items, cancellationToken);
                }
                catch (Exception e) when (e is IOException or HttpRequestException or JsonException && attempt < BodyAttempts)
                {
                    LogPageRetry(call.Endpoint.Name, page, attempt, e.GetType().Name);
                    counters?.AddRetry();
                    failed = true;
                }
                catch (Exception e) when (e is IOException or HttpRequestException or JsonException)
                {
                    // The last attempt broke off too: say what happened, not the parser's words for where it stopped.
                    throw new CapabilityException(
                        CapabilityFailure.Vendor,
                        $"The {call.Endpoint.Name} listing's page {page} broke off {BodyAttempts} times " +
                        $"({(e is JsonException ? "the body ended before its JSON did" : "the connection failed mid-body: " + e.Message.TrimEnd('.'))}): " +
                        "the service or the network keeps cutting the answer short. Run the sync again later; no checkpoint moved.",
                        e);
                }
                catch (MalformedPageException e)
                {
                    throw new CapabilityException(
                        CapabilityFailure.Vendor,
                        $"The {call.Endpoint.Name} listing's page {page} is not an OData page: {e.Message}. The sync stopped there; no checkpoint moved.");
                }
                catch (OversizedPageException e)
                {
                    // Not read again: the same body would meet the same cap.
                    throw new CapabilityException(
                        CapabilityFailure.Vendor,
                        $"The {call.Endpoint.Name} listing's page {page} {e.Message}. The sync stopped there; no checkpoint moved past it.");
                }

                foreach (var item in progress.Fresh(items))
                {
                    yield return item;
                }

                items.Clear();
                if (failed)
                {
                    break;
                }
            }

            if (!failed)
            {
                outcome.NextLink = reader.NextLink;
                outcome.Count = reader.Count;
                outcome.Items = progress.Given;
                yield break;
            }
        }
    }

    /// <summary>The failure of a listing that went past its page cap.</summary>
    public static CapabilityException TooManyPages(PagedCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return new CapabilityException(
            CapabilityFailure.Vendor,
            $"The {call.Endpoint.Name} listing went past {call.MaxPages} pages without ending; stopped so a looping API cannot run forever.");
    }

    /// <summary>A nextLink checked: absolute https, on the API's own host (the token goes nowhere else), never seen before.</summary>
    public static Uri CheckLink(ApiEndpoint endpoint, string next, HashSet<string> seen)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(seen);
        if (!Uri.TryCreate(next, UriKind.Absolute, out var link) || link.Scheme != Uri.UriSchemeHttps)
        {
            throw new CapabilityException(CapabilityFailure.Vendor, $"The {endpoint.Name} listing returned a nextLink that is not an absolute https URL; paging stopped.");
        }

        if (!endpoint.Owns(link))
        {
            throw new CapabilityException(
                CapabilityFailure.Vendor,
                $"The {endpoint.Name} listing returned a nextLink to another host ({link.Authority}); the token only goes to {endpoint.BaseAddress.Authority}, so paging stopped.");
        }

        if (!seen.Add(link.AbsoluteUri))
        {
            throw new CapabilityException(
                CapabilityFailure.Vendor,
                $"The {endpoint.Name} listing returned the same nextLink twice; stopped so a looping API cannot repeat pages forever.");
        }

        return link;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Listing} page {Page} broke off ({Error}); reading it again (attempt {Attempt})")]
    private partial void LogPageRetry(string listing, int page, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped an unreadable {Listing} record on page {Page}: {Problem}")]
    private partial void LogBadItem(string listing, int page, string problem);
}
