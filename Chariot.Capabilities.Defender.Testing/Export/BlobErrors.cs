using System.Globalization;
using System.Security;
using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Export;

/// <summary>Azure Storage's XML error body, with the request id and time it appends to every message.</summary>
internal static class BlobErrors
{
    public static FakeResponse Response(int status, string code, string message, string? detail, DateTimeOffset now)
    {
        var requestId = Guid.NewGuid().ToString();
        var time = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        var detailElement = detail is null ? string.Empty : $"<AuthenticationErrorDetail>{SecurityElement.Escape(detail)}</AuthenticationErrorDetail>";
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>" + SecurityElement.Escape(message)
            + "\nRequestId:" + requestId + "\nTime:" + time + "</Message>" + detailElement + "</Error>";
        return FakeResponse.Text(status, "application/xml", xml)
            .WithHeader("x-ms-request-id", requestId)
            .WithHeader("x-ms-error-code", code);
    }
}
