using Chariot.Capabilities.Models;

namespace Chariot.Capabilities;

/// <summary>
/// A Chariot capability, bound to one job: the C# form of tabularium's <c>Capability</c>
/// (<c>Name</c>, <c>Integration</c>, <c>Match</c>, <c>ValidateCredentials</c>, <c>Invoke</c>, <c>CheckAffiliation</c>).
/// </summary>
/// <remarks>
/// A capability is created per job by its plugin's <see cref="ICapabilityPlugin"/>. It sends what it finds through the
/// <see cref="Emission.ResultEmitter"/> it was given, which applies the job's filter to every asset and risk.
/// </remarks>
public interface ICapability
{
    /// <summary>The capability name; for an integration it is also the integration class (for example <c>defender</c>).</summary>
    string Name { get; }

    /// <summary>True when the capability is an integration (its target is an <see cref="Integration"/>).</summary>
    bool Integration { get; }

    /// <summary>What the job runner reads about the capability: title, description, surface, timeout, credential type, card.</summary>
    CapabilityMetadata Metadata { get; }

    /// <summary>
    /// Checks, without any I/O, that the job is for this capability and that its configuration is usable.
    /// Nothing is sent and no network call is made before a successful match.
    /// </summary>
    MatchResult Match();

    /// <summary>Proves that the job's credentials work (the UI's "validate" button).</summary>
    /// <exception cref="CapabilityException">The credentials or the configuration are not usable; the message says what to fix.</exception>
    Task ValidateCredentialsAsync(CancellationToken cancellationToken);

    /// <summary>Runs the job: validates the credentials, then sends its results through the emitter.</summary>
    /// <exception cref="CapabilityException">The run failed; the message says what to fix.</exception>
    Task InvokeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether <paramref name="asset"/> is currently enumerated within the integrated account. Asks the vendor for real:
    /// false when the vendor does not know the asset; an exception only when the vendor API fails.
    /// </summary>
    Task<bool> CheckAffiliationAsync(Asset asset, CancellationToken cancellationToken);
}
