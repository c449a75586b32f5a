using Chariot.Capabilities.Defender.Testing.Graph;
using Chariot.Capabilities.Defender.Testing.Machines;
using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Identity;

/// <summary>
/// The resource APIs' gate: 401 for a missing, unknown, expired, revoked or wrong-audience token; 403 naming the
/// permission when the token's app lacks it. Each service answers in its own error shape.
/// </summary>
internal sealed class ApiAuthorization
{
    private readonly TokenStore _tokens;
    private readonly FakeCloud _cloud;

    public ApiAuthorization(TokenStore tokens, FakeCloud cloud)
    {
        _tokens = tokens;
        _cloud = cloud;
    }

    public static string? BearerOf(FakeRequest request) =>
        request.Authorization is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : null;

    public IssuedToken? TokenOf(FakeRequest request) => BearerOf(request) is { } bearer ? _tokens.Find(bearer) : null;

    /// <summary>Null when the call may proceed, else the 401/403 answer.</summary>
    public FakeResponse? Check(FakeRequest request, IssuedToken? token, string requiredPermission, DateTimeOffset now)
    {
        var isGraph = request.Role == HostRole.Graph;
        var audience = isGraph ? _cloud.GraphResource : _cloud.DefenderResource;
        string? problem = null;
        if (BearerOf(request) is null)
        {
            problem = "Access token is empty.";
        }
        else if (token is null)
        {
            problem = "Access token validation failure. Invalid token.";
        }
        else if (token.IsRevoked)
        {
            problem = "Access token has been revoked.";
        }
        else if (token.ExpiresOn <= now)
        {
            problem = "Lifetime validation failed, the token is expired.";
        }
        else if (!isGraph && token.Audience != audience && IsAlternateDefenderAudience(token.Audience))
        {
            // Accepted as a token, but it carries no MDE roles: falls through to 403 below.
        }
        else if (token.Audience != audience)
        {
            problem = $"Access token validation failure. Invalid audience: the token was issued for '{token.Audience}', this API expects '{audience}'.";
        }

        if (problem is not null)
        {
            var unauthorized = isGraph
                ? GraphErrors.Response(401, "InvalidAuthenticationToken", problem, now)
                : MdeErrors.Response(401, "Unauthorized", problem);
            return unauthorized.WithHeader("WWW-Authenticate", $"Bearer authorization_uri=\"https://{_cloud.AuthorityHost}/common/oauth2/authorize\", error=\"invalid_token\"");
        }

        if (token!.Roles.Contains(requiredPermission))
        {
            return null;
        }

        return isGraph
            ? GraphErrors.Response(403, "Forbidden", $"Missing application roles. API required roles: {requiredPermission}. Application roles in the token: {Describe(token.Roles)}.", now)
            : MdeErrors.Response(403, "Forbidden", $"The application does not have any of the required application permissions ({requiredPermission}) to access the resource.");
    }

    private bool IsAlternateDefenderAudience(string audience) =>
        _cloud.DefenderAlternateHosts.Any(host => audience == "https://" + host);

    private static string Describe(IReadOnlySet<string> roles) => roles.Count == 0 ? "(none)" : string.Join(", ", roles.Order(StringComparer.Ordinal));
}
