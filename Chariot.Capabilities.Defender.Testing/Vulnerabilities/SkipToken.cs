using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Chariot.Capabilities.Defender.Testing.Vulnerabilities;

/// <summary>An opaque <c>$skiptoken</c> (base64 JSON, like Microsoft's) holding the next position; clients never parse it.</summary>
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
}
