using Chariot.Capabilities.Defender.Configuration;
using Microsoft.Identity.Client;

namespace Chariot.Capabilities.Defender.Authentication;

/// <summary>
/// Client-credentials tokens from MSAL, one per resource, from MSAL's own cache (safe for concurrent use). A failed
/// sign-in becomes a message that says what to fix.
/// </summary>
internal sealed class AccessTokens
{
    private readonly IConfidentialClientApplication _app;
    private readonly DefenderSettings _settings;

    /// <summary>Builds the confidential client for the job's settings.</summary>
    public AccessTokens(DefenderSettings settings, IMsalHttpClientFactory http)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        var authority = new Uri(settings.AuthorityHost, settings.TenantId);
        var builder = ConfidentialClientApplicationBuilder.Create(settings.ClientId)
            .WithHttpClientFactory(http)
            .WithLogging((_, _, _) => { }, LogLevel.Error, enablePiiLogging: false, enableDefaultPlatformLogging: false);
        builder = settings.CustomAuthority
            ? builder.WithAuthority(authority.AbsoluteUri, validateAuthority: false).WithInstanceDiscovery(false)
            : builder.WithAuthority(authority.AbsoluteUri);
        builder = settings.Credential switch
        {
            DefenderCredential.ClientSecret secret => builder.WithClientSecret(secret.Secret),
            DefenderCredential.ClientCertificate certificate => builder.WithCertificate(certificate.Certificate, sendX5C: true),
            _ => throw new InvalidOperationException("Unknown credential kind."),
        };
        _app = builder.Build();
    }

    /// <summary>The scope of a resource.</summary>
    public string ScopeOf(ApiResource resource) => resource == ApiResource.Graph ? _settings.GraphScope : _settings.DefenderScope;

    /// <summary>A token for <paramref name="resource"/>; <paramref name="forceRefresh"/> skips the cache (after a 401).</summary>
    /// <exception cref="CapabilityException">Sign-in failed; the message says what to fix.</exception>
    public async Task<string> GetTokenAsync(ApiResource resource, bool forceRefresh, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(resource);
        try
        {
            var result = await _app.AcquireTokenForClient([scope])
                .WithForceRefresh(forceRefresh)
                .ExecuteAsync(cancellationToken);

            // An empty Bearer would only come back as a 401 that blames the credentials.
            return result.AccessToken is { Length: > 0 } token
                ? token
                : throw new CapabilityException(
                    CapabilityFailure.Credentials,
                    $"The token endpoint at {_settings.AuthorityHost.GetLeftPart(UriPartial.Authority)} answered with no access_token for {scope}: check that authority_host is the Microsoft Entra ID of the tenant's cloud.");
        }
        catch (MsalException e)
        {
            throw CredentialFailures.Describe(e, _settings, scope);
        }
    }
}
