namespace Chariot.Capabilities;

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

    /// <summary>Environment variables a host applies to a job that leaves the matching value out.</summary>
    public IReadOnlyList<EnvironmentDefault> EnvironmentDefaults { get; init; } = [];
}

/// <summary>An environment variable that supplies a job value the job leaves out.</summary>
/// <param name="Variable">The variable, for example <c>AZURE_TENANT_ID</c>.</param>
/// <param name="Target">Whether the value goes into the secret or the config.</param>
/// <param name="Key">The key it fills.</param>
public sealed record EnvironmentDefault(string Variable, CardFieldTarget Target, string Key)
{
    /// <summary>
    /// Keys whose presence in the job makes this default unneeded (for example a certificate, which stands in for a
    /// client secret): the default is not applied then.
    /// </summary>
    public IReadOnlyList<string> UnlessPresent { get; init; } = [];

    /// <summary>A suffix removed from the value when present (for example <c>/v1.0</c> of a legacy base URL).</summary>
    public string? TrimSuffix { get; init; }

    /// <summary>The value as it goes into the job.</summary>
    public string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim().TrimEnd('/');
        return TrimSuffix is { Length: > 0 } suffix && trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
            ? trimmed[..^suffix.Length]
            : trimmed;
    }
}
