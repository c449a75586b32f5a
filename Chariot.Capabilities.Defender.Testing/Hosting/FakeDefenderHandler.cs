using System.Net;
using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Hosting;

/// <summary>The in-process transport: tells the role from the request's host name and answers without a socket.</summary>
internal sealed class FakeDefenderHandler : HttpMessageHandler
{
    private readonly FakeDefenderTenant _tenant;
    private readonly RoleAddresses _addresses;

    public FakeDefenderHandler(FakeDefenderTenant tenant, RoleAddresses addresses)
    {
        _tenant = tenant;
        _addresses = addresses;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var role = RoleOf(uri.Host);
        if (role == HostRole.Unknown)
        {
            _tenant.Requests.Add(new Recording.RecordedRequest(FakeEndpoint.Unknown, request.Method.Method, uri.Authority, Uri.UnescapeDataString(uri.AbsolutePath),
                RequestDecoding.DecodeQuery(uri.Query).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                request.Headers.Authorization is not null, null, null, _tenant.TimeProvider.GetUtcNow()));
            throw new HttpRequestException(HttpRequestError.NameResolutionError, $"No such host is known: {uri.Host} (the fake Defender tenant serves only {_tenant.Options.Cloud.Name} cloud hosts).");
        }

        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var fakeRequest = new FakeRequest(
            request.Method.Method,
            role,
            new Uri(uri.GetLeftPart(UriPartial.Authority)),
            Uri.UnescapeDataString(uri.AbsolutePath),
            uri.PathAndQuery,
            RequestDecoding.DecodeQuery(uri.Query),
            request.Headers.Authorization?.ToString(),
            RequestDecoding.DecodeForm(body),
            _addresses,
            body);
        var answer = _tenant.Handle(fakeRequest);
        var response = new HttpResponseMessage((HttpStatusCode)answer.Status)
        {
            RequestMessage = request,
            Content = new StreamingContent(answer.Body),
        };
        if (answer.ContentType is not null)
        {
            response.Content.Headers.TryAddWithoutValidation("Content-Type", answer.ContentType);
        }

        foreach (var (name, value) in answer.Headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    private HostRole RoleOf(string host)
    {
        var cloud = _tenant.Options.Cloud;
        if (host.Equals(cloud.AuthorityHost, StringComparison.OrdinalIgnoreCase))
        {
            return HostRole.Authority;
        }

        if (host.Equals(cloud.GraphHost, StringComparison.OrdinalIgnoreCase))
        {
            return HostRole.Graph;
        }

        if (host.Equals(cloud.DefenderHost, StringComparison.OrdinalIgnoreCase) ||
            cloud.DefenderAlternateHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            return HostRole.Defender;
        }

        return host.Equals(cloud.BlobHost, StringComparison.OrdinalIgnoreCase) ||
            host.EndsWith(".blob.core.windows.net", StringComparison.OrdinalIgnoreCase)
            ? HostRole.Blob
            : HostRole.Unknown;
    }
}
