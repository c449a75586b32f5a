namespace Chariot.Capabilities.Defender.Api;

/// <summary>What a call is, for messages and for the permission a 403 names.</summary>
/// <param name="Name">A short name, such as "alerts" or "machines".</param>
/// <param name="Permission">The application permission the call needs, such as Machine.Read.All.</param>
/// <param name="Resource">The API that grants it: "Microsoft Graph" or "WindowsDefenderATP".</param>
/// <param name="BaseAddress">The API host: nextLinks must stay on it.</param>
internal sealed record ApiEndpoint(string Name, string Permission, string Resource, Uri BaseAddress)
{
    /// <summary>Whether <paramref name="link"/> is on this API's host (scheme, host and port).</summary>
    public bool Owns(Uri link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return link.IsAbsoluteUri
            && string.Equals(link.GetLeftPart(UriPartial.Authority), BaseAddress.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
    }
}
