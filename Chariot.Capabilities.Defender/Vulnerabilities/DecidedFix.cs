namespace Chariot.Capabilities.Defender.Vulnerabilities;

/// <summary>A fix already decided (remediated, or still on the machine), by risk key and its newest Fixed event.</summary>
/// <param name="Risk">The risk key.</param>
/// <param name="FixedAt">The newest Fixed event it was decided on.</param>
internal sealed record DecidedFix(string Risk, DateTimeOffset FixedAt);
