namespace Chariot.Capabilities.Defender.Vulnerabilities;

/// <summary>An open (host, CVE) a change sync sent, by risk key and its newest open event.</summary>
/// <param name="Risk">The risk key.</param>
/// <param name="At">The newest New or Updated event it was sent for.</param>
internal sealed record SentChange(string Risk, DateTimeOffset At);
