using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Chariot.Capabilities.Defender.Testing.Identity;

/// <summary>
/// Checks a certificate client assertion (RFC 7523 JWT): well formed, issued by and about the client, not expired,
/// and, when the app has a registered certificate, signed by it (RS256 or PS256).
/// </summary>
internal static class ClientAssertionValidator
{
    public const string JwtBearerType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>Null when valid, else why not (to put in AADSTS700027).</summary>
    public static string? Validate(string assertion, FakeApp app, DateTimeOffset now)
    {
        var parts = assertion.Split('.');
        if (parts.Length != 3)
        {
            return "The client assertion is not a JWT (three dot-separated parts expected).";
        }

        JsonElement header;
        JsonElement payload;
        try
        {
            header = JsonDocument.Parse(Base64UrlDecode(parts[0])).RootElement.Clone();
            payload = JsonDocument.Parse(Base64UrlDecode(parts[1])).RootElement.Clone();
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return "The client assertion's header or payload is not base64url JSON.";
        }

        if (Claim(payload, "iss") != app.ClientId || Claim(payload, "sub") != app.ClientId)
        {
            return "The client assertion's iss and sub must both be the client id.";
        }

        if (payload.TryGetProperty("exp", out var exp) && UnixSeconds(exp) is { } expSeconds && DateTimeOffset.FromUnixTimeSeconds(expSeconds) < now)
        {
            return "The client assertion has expired.";
        }

        if (app.Certificate is null)
        {
            return null;
        }

        using var rsa = app.Certificate.GetRSAPublicKey();
        if (rsa is null)
        {
            return "The registered certificate has no RSA key.";
        }

        var padding = Claim(header, "alg") == "PS256" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        return rsa.VerifyData(signed, Base64UrlDecode(parts[2]), HashAlgorithmName.SHA256, padding)
            ? null
            : "The client assertion's signature does not match the certificate registered for the app.";
    }

    private static string? Claim(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // Entra accepts NumericDate claims written as numbers or as numeric strings (MSAL.NET writes strings).
    private static long? UnixSeconds(JsonElement claim) => claim.ValueKind switch
    {
        JsonValueKind.Number when claim.TryGetInt64(out var number) => number,
        JsonValueKind.String when long.TryParse(claim.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var text) => text,
        _ => null,
    };

    private static byte[] Base64UrlDecode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        return Convert.FromBase64String(padded);
    }
}
