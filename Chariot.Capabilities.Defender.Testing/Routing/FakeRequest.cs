using Microsoft.Extensions.Primitives;

namespace Chariot.Capabilities.Defender.Testing.Routing;

/// <summary>A request as both transports hand it to the tenant: already decoded, independent of HttpClient and Kestrel.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Role">The service addressed.</param>
/// <param name="BaseUri">Scheme, host and port the request came in on: links in answers point back here.</param>
/// <param name="Path">The path, percent-decoded.</param>
/// <param name="RawPathAndQuery">The path and query exactly as sent (a repeating nextLink fault echoes it).</param>
/// <param name="Query">Decoded query parameters; names compare case-insensitively, as MDE does.</param>
/// <param name="Authorization">The Authorization header, if any.</param>
/// <param name="Form">Decoded form fields of a url-encoded body.</param>
/// <param name="Addresses">Where each role is reachable from this transport.</param>
/// <param name="Body">The body as text (a JSON request's), if any.</param>
internal sealed record FakeRequest(
    string Method,
    HostRole Role,
    Uri BaseUri,
    string Path,
    string RawPathAndQuery,
    IReadOnlyDictionary<string, StringValues> Query,
    string? Authorization,
    IReadOnlyDictionary<string, StringValues> Form,
    RoleAddresses Addresses,
    string? Body = null)
{
    public string? QueryValue(string name) =>
        Query.TryGetValue(name, out var value) && value.Count > 0 ? value[0] : null;

    public string? FormValue(string name) =>
        Form.TryGetValue(name, out var value) && value.Count > 0 ? value[0] : null;
}
