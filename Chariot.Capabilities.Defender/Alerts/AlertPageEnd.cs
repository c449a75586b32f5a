namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>Where the alert listing stands after a page.</summary>
/// <param name="ResumeFrom">Every alert not given yet was last updated at or after this time.</param>
/// <param name="Complete">Whether every alert of the window was given.</param>
internal sealed record AlertPageEnd(DateTimeOffset ResumeFrom, bool Complete);
