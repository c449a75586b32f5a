using System.Globalization;
using System.Text;
using System.Text.Json;
using Chariot.Capabilities.Defender.Testing.Machines;
using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Vulnerabilities;

/// <summary>An opaque <c>$skiptoken</c> (base64 JSON, like Microsoft's) holding the next position, which clients never parse; and the paging a listing that hands one out reads.</summary>
internal static class SkipToken
{
    public static string Encode(long position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"LineStoppedAt\":{position}}}")));

    public static long? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(token));
            return document.RootElement.GetProperty("LineStoppedAt").GetInt64() is var position and >= 0 ? position : null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// A Defender for Endpoint listing's <c>pageSize</c> (1 to <paramref name="maxPageSize"/>) and the position its
    /// <c>$skiptoken</c> holds (0 without one), or the error answer: 400 InvalidRequestBody or InvalidInput, as the API gives.
    /// </summary>
    public static (long? PageSize, long Start, FakeResponse? Error) ReadPaging(FakeRequest request, long maxPageSize)
    {
        var (pageSize, pageSizeError) = Paging.ReadLong(request, "pageSize", 1, maxPageSize);
        if (pageSizeError is not null)
        {
            return (null, 0, MdeErrors.InvalidRequestBody(pageSizeError));
        }

        return Decode(request.QueryValue("$skiptoken")) is { } start
            ? (pageSize, start, null)
            : (null, 0, MdeErrors.InvalidInput("The $skiptoken is not valid: follow @odata.nextLink as it is."));
    }
}
