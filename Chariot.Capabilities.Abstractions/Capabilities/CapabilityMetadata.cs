namespace Chariot.Capabilities.Capabilities;

/// <summary>What a job runner reads about a capability without running it.</summary>
/// <param name="Name">The capability name (and integration class for integrations).</param>
/// <param name="Title">A short human title.</param>
/// <param name="Description">One or two sentences on what the capability does.</param>
/// <param name="Surface">The surface it works on.</param>
/// <param name="TimeoutMinutes">The job timeout in MINUTES (Chariot uses it as the queue visibility timeout).</param>
/// <param name="CredentialType">The credential type name as tabularium spells it (for example <c>microsoft-defender</c>).</param>
/// <param name="Card">The integration card the UI renders; null for capabilities that are not integrations.</param>
public sealed record CapabilityMetadata(
    string Name,
    string Title,
    string Description,
    Surface Surface,
    int TimeoutMinutes,
    string CredentialType,
    IntegrationCard? Card)
{
    /// <summary>Chariot's default job timeout, in minutes.</summary>
    public const int DefaultTimeoutMinutes = 10;

    /// <summary>How many times the runner retries a failed job (tabularium's <c>Retries()</c>).</summary>
    public int Retries { get; init; }
}
