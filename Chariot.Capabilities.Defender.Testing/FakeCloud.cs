namespace Chariot.Capabilities.Defender.Testing;

/// <summary>
/// The host names of one Microsoft cloud. A token's scope must name that cloud's resource, so a client
/// configured for the wrong cloud fails here exactly as it would against Microsoft.
/// </summary>
/// <param name="Name">A label for messages.</param>
/// <param name="AuthorityHost">The Entra ID (token) host.</param>
/// <param name="GraphHost">The Microsoft Graph host; the Graph resource is <c>https://{GraphHost}</c>.</param>
/// <param name="DefenderHost">The Defender for Endpoint API host; the Defender resource is <c>https://{DefenderHost}</c>.</param>
/// <param name="DefenderAlternateHosts">Other hosts that serve the same Defender API (they do not change the token's resource).</param>
/// <param name="BlobHost">The storage host the export download links point at.</param>
public sealed record FakeCloud(
    string Name,
    string AuthorityHost,
    string GraphHost,
    string DefenderHost,
    IReadOnlyList<string> DefenderAlternateHosts,
    string BlobHost)
{
    /// <summary>Public cloud (and GCC moderate for Graph).</summary>
    public static FakeCloud Public { get; } = new(
        "public",
        "login.microsoftonline.com",
        "graph.microsoft.com",
        "api.securitycenter.microsoft.com",
        ["api.security.microsoft.com", "us.api.security.microsoft.com", "eu.api.security.microsoft.com", "uk.api.security.microsoft.com", "au.api.security.microsoft.com"],
        "tvmexportstrstgeus.blob.core.windows.net");

    /// <summary>US Government GCC: public authority and Graph, a GCC Defender host.</summary>
    public static FakeCloud UsGovGcc { get; } = new(
        "gcc", "login.microsoftonline.com", "graph.microsoft.com", "api-gcc.securitycenter.microsoft.us", [], "tvmexportstrstgusgov.blob.core.usgovcloudapi.net");

    /// <summary>US Government GCC High.</summary>
    public static FakeCloud UsGovGccHigh { get; } = new(
        "gcc-high", "login.microsoftonline.us", "graph.microsoft.us", "api-gov.securitycenter.microsoft.us", [], "tvmexportstrstgusgov.blob.core.usgovcloudapi.net");

    /// <summary>US Government DoD.</summary>
    public static FakeCloud UsGovDod { get; } = new(
        "dod", "login.microsoftonline.us", "dod-graph.microsoft.us", "api-gov.securitycenter.microsoft.us", [], "tvmexportstrstgusgov.blob.core.usgovcloudapi.net");

    /// <summary>The Graph resource (token audience), e.g. <c>https://graph.microsoft.com</c>.</summary>
    public string GraphResource => "https://" + GraphHost;

    /// <summary>The Defender for Endpoint resource (token audience), e.g. <c>https://api.securitycenter.microsoft.com</c>.</summary>
    public string DefenderResource => "https://" + DefenderHost;
}
