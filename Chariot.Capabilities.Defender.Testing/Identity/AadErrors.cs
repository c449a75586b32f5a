using System.Globalization;
using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Identity;

/// <summary>Entra ID's token error bodies: <c>error</c>, <c>error_description</c> starting with the AADSTS code, and the ids.</summary>
internal static class AadErrors
{
    public static FakeResponse Response(int status, string error, int code, string message, DateTimeOffset now, string authorityHost)
    {
        var traceId = Guid.NewGuid().ToString();
        var correlationId = Guid.NewGuid().ToString();
        var timestamp = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var description = string.Create(CultureInfo.InvariantCulture, $"AADSTS{code}: {message}\r\nTrace ID: {traceId}\r\nCorrelation ID: {correlationId}\r\nTimestamp: {timestamp}");
        return FakeResponse.Json(status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", error);
            writer.WriteString("error_description", description);
            writer.WriteStartArray("error_codes");
            writer.WriteNumberValue(code);
            writer.WriteEndArray();
            writer.WriteString("timestamp", timestamp);
            writer.WriteString("trace_id", traceId);
            writer.WriteString("correlation_id", correlationId);
            writer.WriteString("error_uri", string.Create(CultureInfo.InvariantCulture, $"https://{authorityHost}/error?code={code}"));
            writer.WriteEndObject();
        });
    }
}
