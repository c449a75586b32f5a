namespace Chariot.Capabilities.Defender.Testing.Throttling;

/// <summary>Calls allowed per app and tenant in a sliding minute and, when set, a sliding hour.</summary>
/// <param name="PerMinute">Calls per 60 seconds.</param>
/// <param name="PerHour">Calls per 3600 seconds, or null when only the minute counts.</param>
public sealed record FakeRateLimit(int PerMinute, int? PerHour);
