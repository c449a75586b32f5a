using System.Globalization;
using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Identity;

/// <summary>
/// <c>POST /{tenant}/oauth2/v2.0/token</c>, client credentials only, checked in Entra ID's order: tenant, grant,
/// client, credential, scope. Each failure answers with the AADSTS code a user would see from Microsoft.
/// </summary>
internal sealed class TokenEndpoint
{
    private readonly FakeDefenderTenantOptions _options;
    private readonly TokenStore _tokens;

    public TokenEndpoint(FakeDefenderTenantOptions options, TokenStore tokens)
    {
        _options = options;
        _tokens = tokens;
    }

    public FakeResponse Handle(FakeRequest request, string tenantSegment, DateTimeOffset now)
    {
        var host = _options.Cloud.AuthorityHost;
        if (!IsTenantIdentifier(tenantSegment))
        {
            return AadErrors.Response(400, "invalid_request", 900023, $"Specified tenant identifier '{tenantSegment}' is neither a valid DNS name, nor a valid external domain.", now, host);
        }

        if (!IsThisTenant(tenantSegment))
        {
            return AadErrors.Response(400, "invalid_request", 90002, $"Tenant '{tenantSegment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.", now, host);
        }

        if (request.FormValue("grant_type") != "client_credentials")
        {
            return AadErrors.Response(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type. This fake tenant only issues client_credentials tokens.", now, host);
        }

        var clientId = request.FormValue("client_id") ?? string.Empty;
        var app = _options.Apps.FirstOrDefault(candidate => string.Equals(candidate.ClientId, clientId, StringComparison.OrdinalIgnoreCase));
        if (app is null)
        {
            return AadErrors.Response(400, "unauthorized_client", 700016, $"Application with identifier '{clientId}' was not found in the directory '{tenantSegment}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.", now, host);
        }

        if (CheckCredential(request, app, now) is { } credentialError)
        {
            return credentialError;
        }

        var scope = request.FormValue("scope");
        if (string.IsNullOrWhiteSpace(scope))
        {
            return AadErrors.Response(400, "invalid_request", 90014, "The required field 'scope' is missing from the credential. Ensure that you have all the necessary parameters for the login request.", now, host);
        }

        var resources = new List<string>();
        foreach (var item in scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!item.EndsWith("/.default", StringComparison.OrdinalIgnoreCase) || ResourceOf(item) is not { } resource)
            {
                return AadErrors.Response(400, "invalid_scope", 70011, $"The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid.", now, host);
            }

            if (!resources.Contains(resource, StringComparer.OrdinalIgnoreCase))
            {
                resources.Add(resource);
            }
        }

        if (resources.Count > 1)
        {
            return AadErrors.Response(400, "invalid_scope", 700022, $"The provided value for the input parameter scope is not valid because it contains more than one resource. Scope {scope} is not valid.", now, host);
        }

        var audience = resources[0];
        var issued = _tokens.Issue(audience, app.ClientId, RolesFor(app, audience), now + _options.TokenLifetime);
        var expiresIn = (long)_options.TokenLifetime.TotalSeconds;
        return FakeResponse.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("token_type", "Bearer");
            writer.WriteNumber("expires_in", expiresIn);
            writer.WriteNumber("ext_expires_in", expiresIn);
            writer.WriteString("access_token", issued.AccessToken);
            writer.WriteEndObject();
        });
    }

    private FakeResponse? CheckCredential(FakeRequest request, FakeApp app, DateTimeOffset now)
    {
        var host = _options.Cloud.AuthorityHost;
        var secret = request.FormValue("client_secret");
        var assertion = request.FormValue("client_assertion");
        if (secret is not null)
        {
            if (app.ClientSecret is null || !string.Equals(secret, app.ClientSecret, StringComparison.Ordinal))
            {
                return AadErrors.Response(401, "invalid_client", 7000215, $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{app.ClientId}'.", now, host);
            }

            if (app.ClientSecretExpiresOn is { } expiry && expiry <= now)
            {
                return AadErrors.Response(401, "invalid_client", 7000222, $"The provided client secret keys for app '{app.ClientId}' are expired. Visit the Azure portal to create new keys for your app.", now, host);
            }

            return null;
        }

        if (assertion is not null)
        {
            if (request.FormValue("client_assertion_type") != ClientAssertionValidator.JwtBearerType)
            {
                return AadErrors.Response(400, "invalid_request", 50027, "Invalid client_assertion_type: expected urn:ietf:params:oauth:client-assertion-type:jwt-bearer.", now, host);
            }

            return ClientAssertionValidator.Validate(assertion, app, now) is { } problem
                ? AadErrors.Response(401, "invalid_client", 700027, "Client assertion failed signature validation. " + problem, now, host)
                : null;
        }

        return AadErrors.Response(401, "invalid_client", 7000216, "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.", now, host);
    }

    private string? ResourceOf(string scope)
    {
        var resource = scope[..^"/.default".Length].TrimEnd('/');
        var cloud = _options.Cloud;
        if (string.Equals(resource, cloud.GraphResource, StringComparison.OrdinalIgnoreCase))
        {
            return cloud.GraphResource;
        }

        if (string.Equals(resource, cloud.DefenderResource, StringComparison.OrdinalIgnoreCase))
        {
            return cloud.DefenderResource;
        }

        // The newer host is a valid resource, but its tokens carry no MDE roles (observed: 403 on every MDE call).
        return cloud.DefenderAlternateHosts.Select(alternate => "https://" + alternate)
            .FirstOrDefault(alternate => string.Equals(resource, alternate, StringComparison.OrdinalIgnoreCase));
    }

    private HashSet<string> RolesFor(FakeApp app, string audience)
    {
        IReadOnlySet<string> known = audience == _options.Cloud.GraphResource ? FakePermissions.Graph
            : audience == _options.Cloud.DefenderResource ? FakePermissions.Defender
            : new HashSet<string>();
        return app.Permissions.Where(known.Contains).ToHashSet(StringComparer.Ordinal);
    }

    private bool IsThisTenant(string tenant) =>
        string.Equals(tenant, _options.TenantId, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(tenant, _options.TenantDomain, StringComparison.OrdinalIgnoreCase);

    private static bool IsTenantIdentifier(string tenant) =>
        Guid.TryParse(tenant, out _) ||
        (tenant.Contains('.', StringComparison.Ordinal) && Uri.CheckHostName(tenant) == UriHostNameType.Dns) ||
        tenant.ToLower(CultureInfo.InvariantCulture) is "common" or "organizations";
}
