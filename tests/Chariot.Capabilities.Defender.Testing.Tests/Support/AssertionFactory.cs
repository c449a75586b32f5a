using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Chariot.Capabilities.Defender.Testing.Tests.Support;

/// <summary>Builds RS256 client assertions the way MSAL does for a certificate credential.</summary>
internal static class AssertionFactory
{
    public static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=fake app", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = TimeProvider.System.GetUtcNow();
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
    }

    public static string Sign(string clientId, X509Certificate2 certificate, DateTimeOffset now)
    {
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT", x5t = Encode(certificate.GetCertHash()) }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new { aud = TestTenant.TokenUrl, iss = clientId, sub = clientId, jti = Guid.NewGuid(), nbf = now.ToUnixTimeSeconds(), exp = now.AddMinutes(10).ToUnixTimeSeconds() }));
        using var rsa = certificate.GetRSAPrivateKey()!;
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + payload + "." + Encode(signature);
    }

    public static FormUrlEncodedContent Form(string clientId, string assertion) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = clientId,
        ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ["client_assertion"] = assertion,
        ["scope"] = "https://graph.microsoft.com/.default",
    });

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
