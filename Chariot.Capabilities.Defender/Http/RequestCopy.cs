namespace Chariot.Capabilities.Defender.Http;

/// <summary>A request without a body made again: to the same or another URI, with its method, version, headers and options.</summary>
internal static class RequestCopy
{
    public static HttpRequestMessage Of(HttpRequestMessage request, Uri uri)
    {
        ArgumentNullException.ThrowIfNull(request);
        var copy = new HttpRequestMessage(request.Method, uri) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var option in request.Options)
        {
            copy.Options.TryAdd(option.Key, option.Value);
        }

        return copy;
    }
}
