namespace Chariot.Capabilities.Defender.Testing.Identity;

/// <summary>What an opaque access token stands for, kept server-side as Entra ID's signed claims would carry it.</summary>
internal sealed record IssuedToken(string AccessToken, string Audience, string ClientId, IReadOnlySet<string> Roles, DateTimeOffset ExpiresOn)
{
    public bool IsRevoked { get; set; }
}
