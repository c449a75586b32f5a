using System.Security.Cryptography.X509Certificates;

namespace Chariot.Capabilities.Defender.Testing;

/// <summary>An app registration in the fake tenant, with the application permissions an admin consented to.</summary>
/// <param name="ClientId">The application (client) id.</param>
/// <param name="ClientSecret">The secret VALUE; null when the app only authenticates with a certificate.</param>
/// <param name="Permissions">Granted application permissions, Graph and Defender names mixed (see <see cref="FakePermissions"/>).</param>
public sealed record FakeApp(string ClientId, string? ClientSecret, IReadOnlyCollection<string> Permissions)
{
    /// <summary>The secret's id (what users often paste by mistake); answering with it gives AADSTS7000215 like Entra ID.</summary>
    public string ClientSecretId { get; init; } = "8b3b9f2c-0000-4000-8000-000000000001";

    /// <summary>When the secret expires; after it the token endpoint answers AADSTS7000222.</summary>
    public DateTimeOffset? ClientSecretExpiresOn { get; init; }

    /// <summary>A certificate registered for client assertions; when set, assertion signatures are verified against it.</summary>
    public X509Certificate2? Certificate { get; init; }
}
