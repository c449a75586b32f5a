using Refit;

namespace Chariot.Capabilities.Defender.Api;

/// <summary>
/// Microsoft Graph security: alerts (alerts_v2, permission SecurityAlert.Read.All) and advanced hunting (runHuntingQuery,
/// ThreatHunting.Read.All).
/// </summary>
/// <remarks>Responses are returned unread so pages stream row by row; <see cref="Paging.ODataPager"/> reads them.</remarks>
internal interface IGraphSecurityApi
{
    /// <summary>
    /// A page of alerts: newest first unless <paramref name="orderBy"/> says otherwise (undocumented, seen to work);
    /// <paramref name="count"/> <c>true</c> asks for <c>@odata.count</c>, the number the whole query matches.
    /// </summary>
    [Get(ApiRoutes.Alerts)]
    Task<HttpResponseMessage> ListAlertsAsync(
        [AliasAs("$filter")] string? filter,
        [AliasAs("$orderby")] string? orderBy,
        [AliasAs("$top")] int? top,
        [AliasAs("$skip")] long? skip,
        [AliasAs("$count")] string? count,
        CancellationToken cancellationToken);

    /// <summary>
    /// Runs an advanced hunting query (permission ThreatHunting.Read.All): <paramref name="body"/> is
    /// <c>{"Query": "...", "Timespan": "P7D"}</c>; the answer is <c>huntingQueryResults</c> (<c>schema</c>, <c>results</c>).
    /// </summary>
    [Post(ApiRoutes.HuntingQuery)]
    Task<HttpResponseMessage> RunHuntingQueryAsync([Body] HttpContent body, CancellationToken cancellationToken);

    /// <summary>A following page, by its <c>@odata.nextLink</c>, verbatim.</summary>
    [Get("")]
    Task<HttpResponseMessage> NextPageAsync([Url] Uri nextLink, CancellationToken cancellationToken);
}
