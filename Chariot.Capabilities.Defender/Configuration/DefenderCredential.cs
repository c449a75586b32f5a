using System.Security.Cryptography.X509Certificates;

namespace Chariot.Capabilities.Defender.Configuration;

/// <summary>How the app proves itself: a client secret or a certificate. Never printed.</summary>
internal abstract record DefenderCredential
{
    private protected DefenderCredential()
    {
    }

    /// <summary>A client secret.</summary>
    /// <param name="Secret">The secret value.</param>
    public sealed record ClientSecret(string Secret) : DefenderCredential
    {
        /// <inheritdoc />
        public override string ToString() => "client secret (redacted)";
    }

    /// <summary>A certificate with its private key.</summary>
    /// <param name="Certificate">The certificate.</param>
    public sealed record ClientCertificate(X509Certificate2 Certificate) : DefenderCredential
    {
        /// <inheritdoc />
        public override string ToString() => $"client certificate {Certificate.Thumbprint}";
    }
}
