using Refit;

namespace Chariot.Capabilities.Defender.Api;

/// <summary>Microsoft Graph security alerts (alerts_v2). Permission: application SecurityAlert.Read.All.</summary>
/// <remarks>Responses are returned unread so pages stream row by row; <see cref="Paging.ODataPager"/> reads them.</remarks>
public interface IGraphSecurityApi
{
    /// <summary>The first page of alerts, newest first.</summary>
    [Get("/v1.0/security/alerts_v2")]
    Task<HttpResponseMessage> ListAlertsAsync([AliasAs("$filter")] string? filter, [AliasAs("$top")] int? top, CancellationToken cancellationToken);

    /// <summary>A following page, by its <c>@odata.nextLink</c>, verbatim.</summary>
    [Get("")]
    Task<HttpResponseMessage> NextPageAsync([Url] Uri nextLink, CancellationToken cancellationToken);
}
