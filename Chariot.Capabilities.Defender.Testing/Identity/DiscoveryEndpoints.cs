using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Identity;

/// <summary>
/// What MSAL reads before it asks for a token at a custom authority: instance discovery
/// (<c>/common/discovery/instance</c>) and the tenant's OpenID configuration. Both point back at this host.
/// </summary>
internal static class DiscoveryEndpoints
{
    public static FakeResponse InstanceDiscovery(FakeRequest request)
    {
        var host = request.BaseUri.Authority;
        var tenantSegment = TenantFrom(request.QueryValue("authorization_endpoint")) ?? "common";
        return FakeResponse.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("tenant_discovery_endpoint", $"{Base(request)}/{tenantSegment}/v2.0/.well-known/openid-configuration");
            writer.WriteString("api-version", "1.1");
            writer.WriteStartArray("metadata");
            writer.WriteStartObject();
            writer.WriteString("preferred_network", host);
            writer.WriteString("preferred_cache", host);
            writer.WriteStartArray("aliases");
            writer.WriteStringValue(host);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    public static FakeResponse OpenIdConfiguration(FakeRequest request, string tenantSegment, string tenantId, FakeCloud cloud)
    {
        var root = $"{Base(request)}/{tenantSegment}";
        return FakeResponse.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("token_endpoint", root + "/oauth2/v2.0/token");
            writer.WriteStartArray("token_endpoint_auth_methods_supported");
            writer.WriteStringValue("client_secret_post");
            writer.WriteStringValue("private_key_jwt");
            writer.WriteStringValue("client_secret_basic");
            writer.WriteEndArray();
            writer.WriteString("jwks_uri", $"{Base(request)}/{tenantSegment}/discovery/v2.0/keys");
            writer.WriteStartArray("response_modes_supported");
            writer.WriteStringValue("query");
            writer.WriteStringValue("fragment");
            writer.WriteStringValue("form_post");
            writer.WriteEndArray();
            writer.WriteStartArray("id_token_signing_alg_values_supported");
            writer.WriteStringValue("RS256");
            writer.WriteEndArray();
            writer.WriteString("issuer", $"{Base(request)}/{tenantId}/v2.0");
            writer.WriteString("authorization_endpoint", root + "/oauth2/v2.0/authorize");
            writer.WriteString("device_authorization_endpoint", root + "/oauth2/v2.0/devicecode");
            writer.WriteString("end_session_endpoint", root + "/oauth2/v2.0/logout");
            writer.WriteString("tenant_region_scope", "NA");
            writer.WriteString("cloud_instance_name", cloud.AuthorityHost.Replace("login.", string.Empty, StringComparison.Ordinal));
            writer.WriteString("msgraph_host", cloud.GraphHost);
            writer.WriteEndObject();
        });
    }

    private static string Base(FakeRequest request) => request.BaseUri.GetLeftPart(UriPartial.Authority);

    private static string? TenantFrom(string? authorizationEndpoint) =>
        Uri.TryCreate(authorizationEndpoint, UriKind.Absolute, out var uri) && uri.Segments.Length > 1
            ? uri.Segments[1].TrimEnd('/')
            : null;
}
