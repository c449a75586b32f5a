namespace Chariot.Capabilities.Defender.Testing.Recording;

/// <summary>One request the tenant received, as a test asserts on it.</summary>
/// <param name="Endpoint">The endpoint it reached (Unknown for a path or host the fake does not serve).</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Host">The host (and port, when not 443) it was sent to.</param>
/// <param name="Path">The decoded path.</param>
/// <param name="Query">The decoded query; a repeated name keeps its last value.</param>
/// <param name="HasBearerToken">Whether an <c>Authorization: Bearer</c> header came with it.</param>
/// <param name="TokenAudience">The audience of that token when the tenant issued it, else null.</param>
/// <param name="ClientId">The app the token was issued to, else null.</param>
/// <param name="ReceivedAt">The tenant clock when it arrived.</param>
public sealed record RecordedRequest(
    FakeEndpoint Endpoint,
    string Method,
    string Host,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    bool HasBearerToken,
    string? TokenAudience,
    string? ClientId,
    DateTimeOffset ReceivedAt);
