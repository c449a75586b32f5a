using System.Globalization;
using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Graph;

/// <summary>Graph's error envelope: <c>{"error":{"code","message","innerError":{"date","request-id",...}}}</c>.</summary>
internal static class GraphErrors
{
    public static FakeResponse Response(int status, string code, string message, DateTimeOffset now) =>
        FakeResponse.Json(status, writer =>
        {
            var requestId = Guid.NewGuid().ToString();
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("code", code);
            writer.WriteString("message", message);
            writer.WriteStartObject("innerError");
            writer.WriteString("date", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            writer.WriteString("request-id", requestId);
            writer.WriteString("client-request-id", requestId);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    /// <summary>The documented throttling body (<c>graph-error-429.json</c>), with its inner code and status.</summary>
    public static FakeResponse TooManyRequests(DateTimeOffset now) =>
        FakeResponse.Json(429, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("code", "TooManyRequests");
            writer.WriteStartObject("innerError");
            writer.WriteString("code", "429");
            writer.WriteString("date", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            writer.WriteString("message", "Please retry after");
            writer.WriteString("request-id", Guid.NewGuid().ToString());
            writer.WriteString("status", "429");
            writer.WriteEndObject();
            writer.WriteString("message", "Please retry again later.");
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
}
