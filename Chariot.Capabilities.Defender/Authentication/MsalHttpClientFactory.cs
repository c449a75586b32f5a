using Microsoft.Identity.Client;

namespace Chariot.Capabilities.Defender.Authentication;

/// <summary>Gives MSAL the host's HTTP stack (proxy, trusted certificates, test handlers) through IHttpClientFactory.</summary>
internal sealed class MsalHttpClientFactory(IHttpClientFactory factory) : IMsalHttpClientFactory
{
    public const string ClientName = "defender-identity";

    public HttpClient GetHttpClient() => factory.CreateClient(ClientName);
}
