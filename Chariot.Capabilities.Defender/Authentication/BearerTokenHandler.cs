using System.Net;
using System.Net.Http.Headers;
using Chariot.Capabilities.Defender.Http;

namespace Chariot.Capabilities.Defender.Authentication;

/// <summary>
/// Puts the resource's token on each request, but only for the configured API host: a request anywhere else is refused
/// before it leaves. On a 401 it refreshes the token and tries once more (a token can be revoked before it expires).
/// </summary>
internal sealed class BearerTokenHandler(AccessTokens tokens, ApiResource resource, Uri apiHost, SyncTally tally) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("A request has no URI.");
        if (!string.Equals(uri.GetLeftPart(UriPartial.Authority), apiHost.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            throw new CapabilityException(
                CapabilityFailure.Vendor,
                $"Refused to send the {resource} token to {uri.Host}: it only goes to {apiHost.Host}.");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(resource, forceRefresh: false, cancellationToken));
        tally.CountCall(request);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || request.Content is not null)
        {
            return response;
        }

        response.Dispose();
        using var again = RequestCopy.Of(request, uri);
        again.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(resource, forceRefresh: true, cancellationToken));
        tally.CountCall(again);
        return await base.SendAsync(again, cancellationToken);
    }
}
