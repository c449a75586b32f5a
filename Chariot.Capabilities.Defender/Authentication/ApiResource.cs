namespace Chariot.Capabilities.Defender.Authentication;

/// <summary>The two resources this plugin needs a token for: one token each, as one request may name one resource only.</summary>
internal enum ApiResource
{
    /// <summary>Microsoft Graph (alerts).</summary>
    Graph,

    /// <summary>Microsoft Defender for Endpoint, "WindowsDefenderATP" (machines, vulnerabilities).</summary>
    Defender,
}
