namespace Chariot.Capabilities.Defender.Configuration;

/// <summary>A Microsoft cloud: where its identity, Graph and Defender for Endpoint hosts are, and the scopes of each.</summary>
/// <param name="Name">The config value naming it.</param>
/// <param name="AuthorityHost">The identity host.</param>
/// <param name="GraphEndpoint">The Microsoft Graph host.</param>
/// <param name="DefenderEndpoint">The Defender for Endpoint API host.</param>
/// <param name="GraphScope">The client-credentials scope for Graph.</param>
/// <param name="DefenderScope">The client-credentials scope for the WindowsDefenderATP resource.</param>
internal sealed record DefenderCloud(
    string Name,
    Uri AuthorityHost,
    Uri GraphEndpoint,
    Uri DefenderEndpoint,
    string GraphScope,
    string DefenderScope)
{
    /// <summary>The commercial cloud (also GCC moderate for Graph).</summary>
    public static DefenderCloud Public { get; } = new(
        "public",
        new Uri("https://login.microsoftonline.com"),
        new Uri("https://graph.microsoft.com"),
        new Uri("https://api.securitycenter.microsoft.com"),
        "https://graph.microsoft.com/.default",
        "https://api.securitycenter.microsoft.com/.default");

    /// <summary>US Government Community Cloud (moderate): commercial identity and Graph, a GCC Defender host.</summary>
    public static DefenderCloud Gcc { get; } = new(
        "gcc",
        new Uri("https://login.microsoftonline.com"),
        new Uri("https://graph.microsoft.com"),
        new Uri("https://api-gcc.securitycenter.microsoft.us"),
        "https://graph.microsoft.com/.default",
        "https://api-gcc.securitycenter.microsoft.us/.default");

    /// <summary>US Government Community Cloud High.</summary>
    public static DefenderCloud GccHigh { get; } = new(
        "gcc-high",
        new Uri("https://login.microsoftonline.us"),
        new Uri("https://graph.microsoft.us"),
        new Uri("https://api-gov.securitycenter.microsoft.us"),
        "https://graph.microsoft.us/.default",
        "https://api-gov.securitycenter.microsoft.us/.default");

    /// <summary>US Department of Defense.</summary>
    public static DefenderCloud Dod { get; } = new(
        "dod",
        new Uri("https://login.microsoftonline.us"),
        new Uri("https://dod-graph.microsoft.us"),
        new Uri("https://api-gov.securitycenter.microsoft.us"),
        "https://dod-graph.microsoft.us/.default",
        "https://api-gov.securitycenter.microsoft.us/.default");

    /// <summary>Every cloud, by config name.</summary>
    public static IReadOnlyList<DefenderCloud> All { get; } = [Public, Gcc, GccHigh, Dod];

    /// <summary>
    /// The Defender scope for a custom endpoint: the newer <c>api.security.microsoft.com</c> hosts (and their regional
    /// forms) still take the <c>api.securitycenter</c> scope, since a token for <c>api.security.microsoft.com</c> carries
    /// no Defender for Endpoint permission; any other custom host takes <c>{endpoint}/.default</c>.
    /// </summary>
    public static string DefenderScopeFor(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var host = endpoint.Host;
        return host.Equals("api.security.microsoft.com", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".api.security.microsoft.com", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".securitycenter.microsoft.com", StringComparison.OrdinalIgnoreCase)
                ? Public.DefenderScope
                : DefaultScope(endpoint);
    }

    /// <summary><c>{scheme}://{host}[:{port}]/.default</c>.</summary>
    public static string DefaultScope(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.GetLeftPart(UriPartial.Authority) + "/.default";
    }
}
