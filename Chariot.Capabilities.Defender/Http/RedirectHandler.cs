using System.Net;

namespace Chariot.Capabilities.Defender.Http;

/// <summary>
/// Redirects, decided by the plugin instead of the HTTP stack (whose own following is switched off, see
/// <see cref="NoAutomaticRedirects"/>): a request is never sent on to another host. The token request is never
/// redirected at all (its body holds the client secret); an API call or a download follows a redirect only to its own
/// origin (scheme, host and port), for GET and HEAD, and is stopped like a foreign nextLink otherwise.
/// </summary>
internal sealed class RedirectHandler(string what, bool follow) : DelegatingHandler
{
    private const int MaxHops = 5;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        for (var hop = 0; IsRedirect(response.StatusCode) && response.Headers.Location is { } location; hop++)
        {
            var from = request.RequestUri!;
            var to = location.IsAbsoluteUri ? location : new Uri(from, location);
            var status = (int)response.StatusCode;
            if (!follow)
            {
                response.Dispose();
                throw new CapabilityException(
                    CapabilityFailure.Credentials,
                    $"The {what} at {Origin(from)} answered {status}, a redirect to {Origin(to)}; the request holds the client credential, so it is not sent on. Check authority_host.");
            }

            if (!string.Equals(Origin(to), Origin(from), StringComparison.OrdinalIgnoreCase) || hop == MaxHops
                || (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head))
            {
                response.Dispose();
                throw new CapabilityException(
                    CapabilityFailure.Vendor,
                    hop == MaxHops
                        ? $"The {what} call at {Origin(from)} was redirected more than {MaxHops} times; stopped."
                        : $"The {what} call was redirected ({status}) to another host ({Origin(to)}); requests only go to {Origin(from)}, so the call stopped.");
            }

            response.Dispose();
            request = RequestCopy.Of(request, to);
            response = await base.SendAsync(request, cancellationToken);
        }

        return response;
    }

    /// <summary>Switches off the HTTP stack's own redirect following in a primary handler (and any it wraps).</summary>
    public static HttpMessageHandler NoAutomaticRedirects(HttpMessageHandler handler)
    {
        for (var current = handler; current is not null; current = (current as DelegatingHandler)?.InnerHandler)
        {
            switch (current)
            {
                case SocketsHttpHandler sockets:
                    sockets.AllowAutoRedirect = false;
                    break;
                case HttpClientHandler client:
                    client.AllowAutoRedirect = false;
                    break;
            }
        }

        return handler;
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);
}
