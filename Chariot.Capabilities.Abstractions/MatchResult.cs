namespace Chariot.Capabilities;

/// <summary>How a job relates to a capability, as decided by <see cref="ICapability.Match"/>.</summary>
public enum MatchOutcome
{
    /// <summary>The job is for this capability and its configuration is usable.</summary>
    Matched,

    /// <summary>The job is for another capability (for example another integration class).</summary>
    NotThisCapability,

    /// <summary>The job is for this capability but a configuration or secret value is missing or malformed.</summary>
    InvalidConfiguration,
}

/// <summary>The result of <see cref="ICapability.Match"/>: matched, or why not, naming the key at fault.</summary>
public sealed record MatchResult
{
    private MatchResult(MatchOutcome outcome, string? key, string? problem)
    {
        Outcome = outcome;
        Key = key;
        Problem = problem;
    }

    /// <summary>The job matches.</summary>
    public static MatchResult Matched { get; } = new(MatchOutcome.Matched, null, null);

    /// <summary>The outcome.</summary>
    public MatchOutcome Outcome { get; }

    /// <summary>The configuration or secret key at fault, when <see cref="Outcome"/> is <see cref="MatchOutcome.InvalidConfiguration"/>.</summary>
    public string? Key { get; }

    /// <summary>What is wrong and what to put there instead; null when matched.</summary>
    public string? Problem { get; }

    /// <summary>True when the job matches.</summary>
    public bool IsMatch => Outcome == MatchOutcome.Matched;

    /// <summary>The job is for another capability.</summary>
    public static MatchResult NotThisCapability(string reason) =>
        new(MatchOutcome.NotThisCapability, null, Require(reason));

    /// <summary>The value at <paramref name="key"/> is missing or malformed; <paramref name="problem"/> says what to put there.</summary>
    public static MatchResult InvalidConfiguration(string key, string problem) =>
        new(MatchOutcome.InvalidConfiguration, Require(key), Require(problem));

    /// <inheritdoc />
    public override string ToString() => Outcome switch
    {
        MatchOutcome.Matched => "matched",
        MatchOutcome.InvalidConfiguration => $"invalid configuration '{Key}': {Problem}",
        _ => $"not this capability: {Problem}",
    };

    private static string Require(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return value;
    }
}
