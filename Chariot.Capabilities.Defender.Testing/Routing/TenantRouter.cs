using System.Globalization;
using Chariot.Capabilities.Defender.Testing.Export;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Testing.Graph;
using Chariot.Capabilities.Defender.Testing.Identity;
using Chariot.Capabilities.Defender.Testing.Machines;
using Chariot.Capabilities.Defender.Testing.Recording;
using Chariot.Capabilities.Defender.Testing.Throttling;

namespace Chariot.Capabilities.Defender.Testing.Routing;

/// <summary>
/// Answers one request, whatever the transport: record it, draw its fault, check the token, count it against the
/// rate limit, then let the endpoint answer. Order matters and mirrors Microsoft's front doors: throttling is
/// counted only for calls that authenticated.
/// </summary>
internal sealed class TenantRouter
{
    private readonly FakeDefenderTenant _tenant;
    private readonly EndpointTable _endpoints;
    private readonly ApiAuthorization _authorization;
    private readonly RateLimiter _rateLimiter;

    public TenantRouter(FakeDefenderTenant tenant, EndpointTable endpoints, ApiAuthorization authorization, RateLimiter rateLimiter)
    {
        _tenant = tenant;
        _endpoints = endpoints;
        _authorization = authorization;
        _rateLimiter = rateLimiter;
    }

    public FakeResponse Handle(FakeRequest request)
    {
        var now = _tenant.TimeProvider.GetUtcNow();
        var route = _endpoints.Resolve(request);
        var token = _authorization.TokenOf(request);
        _tenant.Requests.Add(new RecordedRequest(
            route.Endpoint,
            request.Method,
            request.BaseUri.IsDefaultPort ? request.BaseUri.Host : request.BaseUri.Authority,
            request.Path,
            request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            ApiAuthorization.BearerOf(request) is not null,
            token?.Audience,
            token?.ClientId,
            now));

        if (route.Endpoint == FakeEndpoint.Unknown)
        {
            return NotFound(request, now);
        }

        var fault = _tenant.Faults.NextFault(route.Endpoint);
        if (fault?.Kind == FaultKind.RevokedToken && token is not null)
        {
            token.IsRevoked = true;
        }

        if (fault?.Kind == FaultKind.TokenWithoutAccessToken)
        {
            return FakeResponse.Text(200, "application/json", """{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599}""");
        }

        if (fault?.Kind == FaultKind.MalformedPage)
        {
            return FakeResponse.Text(200, "application/json", """{"@odata.context":"malformed","value":{}}""");
        }

        if (fault is { Kind: FaultKind.Redirect, Location: { } location })
        {
            return FakeResponse.Empty(fault.StatusCode).WithHeader("Location", location.AbsoluteUri);
        }

        if (fault is { Kind: FaultKind.TooManyRequests or FaultKind.ServerError or FaultKind.Forbidden })
        {
            return StatusFault(request, fault, now);
        }

        if (route.Permission is { } permission)
        {
            if (_authorization.Check(request, token, permission, now) is { } refused)
            {
                return refused;
            }

            if (_rateLimiter.TryAcquire(token!.ClientId, route.Endpoint) is { } wait)
            {
                var throttled = request.Role == HostRole.Graph ? GraphErrors.TooManyRequests(now) : MdeErrors.TooManyRequests();
                return throttled.WithHeader("Retry-After", Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            }
        }

        var response = route.Handler(new RequestContext(request, token, fault, now));
        if (fault is { Kind: FaultKind.ConnectionReset or FaultKind.TruncatedBody or FaultKind.SlowBody } && response.Body is { } body)
        {
            var timeProvider = _tenant.TimeProvider;
            response.Body = (stream, cancellationToken) => body(new FaultedBodyStream(stream, fault, timeProvider), cancellationToken);
        }

        return response;
    }

    private static FakeResponse StatusFault(FakeRequest request, Fault fault, DateTimeOffset now)
    {
        var response = (request.Role, fault.StatusCode) switch
        {
            (HostRole.Graph, 429) => GraphErrors.TooManyRequests(now),
            (HostRole.Graph, 403) => GraphErrors.Response(403, "Forbidden", "Missing application roles. The application's consent was withdrawn.", now),
            (HostRole.Defender, 403) => MdeErrors.Response(403, "Forbidden", "The application does not have any of the required application permissions to access the resource."),
            (HostRole.Graph, var status) => GraphErrors.Response(status, status == 504 ? "GatewayTimeout" : status == 503 ? "ServiceUnavailable" : "InternalServerError", "The service is temporarily unavailable.", now),
            (HostRole.Defender, 429) => MdeErrors.TooManyRequests(),
            (HostRole.Defender, 500) => FakeResponse.Empty(500), // MDE's 500 carries no message.
            (HostRole.Defender, var status) => MdeErrors.Response(status, status == 504 ? "GatewayTimeout" : "ServiceUnavailable", "The service is temporarily unavailable."),
            (_, var status) => FakeResponse.Empty(status),
        };
        return fault.RetryAfter is { } retryAfter ? response.WithHeader("Retry-After", retryAfter.HeaderValue) : response;
    }

    private static FakeResponse NotFound(FakeRequest request, DateTimeOffset now) => request.Role switch
    {
        HostRole.Graph => GraphErrors.Response(400, "BadRequest", $"Resource not found for the segment '{request.Path.Split('/').LastOrDefault()}'.", now),
        HostRole.Defender => MdeErrors.NotFound($"The resource {request.Path} was not found."),
        HostRole.Blob => BlobErrors.Response(404, "ResourceNotFound", "The specified resource does not exist.", null, now),
        _ => FakeResponse.Text(404, "text/plain", "The fake Defender tenant does not serve " + request.Method + " " + request.Path),
    };
}
