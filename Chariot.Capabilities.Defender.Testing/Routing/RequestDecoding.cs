using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Chariot.Capabilities.Defender.Testing.Routing;

/// <summary>Query and form decoding shared by both transports, so they cannot disagree on what a client sent.</summary>
internal static class RequestDecoding
{
    public static IReadOnlyDictionary<string, StringValues> DecodeQuery(string? rawQuery)
    {
        var parsed = string.IsNullOrEmpty(rawQuery) || rawQuery == "?"
            ? new Dictionary<string, StringValues>()
            : QueryHelpers.ParseQuery(rawQuery);
        return new Dictionary<string, StringValues>(parsed, StringComparer.OrdinalIgnoreCase);
    }

    public static IReadOnlyDictionary<string, StringValues> DecodeForm(string? body) =>
        string.IsNullOrEmpty(body) ? new Dictionary<string, StringValues>() : DecodeQuery("?" + body);
}
