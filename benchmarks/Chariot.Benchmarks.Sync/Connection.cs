using System.Text.Json;

namespace Chariot.Benchmarks.Sync;

/// <summary>Where a benchmark tenant listens and who may sign in: written by <c>serve</c>, read by every client.</summary>
/// <param name="Authority">The identity host (https, loopback).</param>
/// <param name="Graph">The Graph host.</param>
/// <param name="Defender">The Defender for Endpoint host.</param>
/// <param name="CertificatePem">A PEM file holding the server certificate, the only one a client trusts.</param>
/// <param name="TenantId">The tenant.</param>
/// <param name="Apps">One app per client (client id, secret), so each has its own rate limits, as separate tools would.</param>
internal sealed record Connection(Uri Authority, Uri Graph, Uri Defender, string CertificatePem, string TenantId, IReadOnlyDictionary<string, BenchmarkApp> Apps)
{
    public static Connection Read(string path) =>
        JsonSerializer.Deserialize<Connection>(File.ReadAllText(path), Json.Options) ?? throw new InvalidDataException($"{path} holds no connection.");

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json.Options));

    /// <summary>A handler that trusts the benchmark server's certificate only.</summary>
    public SocketsHttpHandler TrustingHandler()
    {
        using var trusted = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(CertificatePem));
        var thumbprint = trusted.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        return new SocketsHttpHandler
        {
            UseProxy = false,
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && string.Equals(certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), thumbprint, StringComparison.OrdinalIgnoreCase),
            },
        };
    }
}

/// <summary>An app registered in the benchmark tenant.</summary>
internal sealed record BenchmarkApp(string ClientId, string ClientSecret);

internal static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
