using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Configuration;

/// <summary>
/// A job's settings, parsed once: Match, the services and every call share one parse, and one certificate, which is
/// disposed with the job's services.
/// </summary>
internal sealed class JobSettings : IDisposable
{
    private readonly Lazy<(DefenderSettings? Settings, MatchResult Result)> _parsed;

    /// <summary>Binds the settings to the job; nothing is parsed until asked for.</summary>
    public JobSettings(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        _parsed = new(() => DefenderSettingsParser.TryParse(job));
    }

    /// <summary>Matched, or the key at fault and what to put there.</summary>
    public MatchResult Result => _parsed.Value.Result;

    /// <summary>The settings.</summary>
    /// <exception cref="CapabilityException">A value is missing or malformed; the message names the key.</exception>
    public DefenderSettings Settings => _parsed.Value.Settings
        ?? throw new CapabilityException(CapabilityFailure.Configuration, $"'{Result.Key}' {Result.Problem}");

    /// <inheritdoc />
    public void Dispose()
    {
        if (_parsed.IsValueCreated && _parsed.Value.Settings?.Credential is DefenderCredential.ClientCertificate certificate)
        {
            certificate.Certificate.Dispose();
        }
    }
}
