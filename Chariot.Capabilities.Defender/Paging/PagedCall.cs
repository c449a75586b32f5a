using Chariot.Capabilities.Defender.Api;

namespace Chariot.Capabilities.Defender.Paging;

/// <summary>A paged listing: how to ask for the first page and the next ones, and what the API is.</summary>
/// <param name="Endpoint">The API, for messages and for the nextLink host check.</param>
/// <param name="First">Requests the first page.</param>
/// <param name="Next">Requests a page by its nextLink.</param>
internal sealed record PagedCall(
    ApiEndpoint Endpoint,
    Func<CancellationToken, Task<HttpResponseMessage>> First,
    Func<Uri, CancellationToken, Task<HttpResponseMessage>> Next)
{
    /// <summary>Whether a 404 means "no items" (as <c>/api/machines</c> answers for an empty tenant).</summary>
    public bool NotFoundIsEmpty { get; init; }

    /// <summary>Called when a 404 was read as "no items", for a caller that must tell it from an empty listing.</summary>
    public Action? NotFound { get; init; }

    /// <summary>
    /// Whether a 400 on the first page means "not this way" (a query option the service may not allow): the pager then
    /// throws <see cref="RefusedQueryException"/>, so the caller can ask another way, instead of failing the listing.
    /// </summary>
    public bool BadRequestIsRefusal { get; init; }

    /// <summary>The array of a page holding the items: OData's <c>value</c> unless the API names it otherwise.</summary>
    public string ItemsName { get; init; } = PageTokens.ODataItems;

    /// <summary>The page cap: more pages than this fail the listing loudly (a looping API).</summary>
    public int MaxPages { get; init; } = 50_000;

    /// <summary>The record cap: a page holding more records than this fails the listing (see <see cref="PageLimits"/>).</summary>
    public int MaxPageItems { get; init; } = PageLimits.DefaultMaxPageItems;

    /// <summary>The byte cap: a page longer than this fails the listing (see <see cref="PageLimits.MaxPageBytes"/>).</summary>
    public long MaxPageBytes { get; init; } = PageLimits.MaxPageBytes;
}
