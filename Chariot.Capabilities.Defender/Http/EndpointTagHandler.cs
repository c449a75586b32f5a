namespace Chariot.Capabilities.Defender.Http;

/// <summary>Tags each request with its <see cref="CallKind"/> as it enters the client, before the resilience pipeline.</summary>
internal sealed class EndpointTagHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(ApiEndpoints.Key, ApiEndpoints.Of(request));
        return base.SendAsync(request, cancellationToken);
    }
}
