using Refit;

namespace Chariot.Capabilities.Defender.Api;

/// <summary>Microsoft Graph security alerts (alerts_v2). Permission: application SecurityAlert.Read.All.</summary>
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

    /// <summary>A following page, by its <c>@odata.nextLink</c>, verbatim.</summary>
    [Get("")]
    Task<HttpResponseMessage> NextPageAsync([Url] Uri nextLink, CancellationToken cancellationToken);
}
