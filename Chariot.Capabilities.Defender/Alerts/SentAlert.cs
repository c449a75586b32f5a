namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>An alert version already sent: its id and the <c>lastUpdateDateTime</c> it was sent at.</summary>
/// <param name="Id">The alert id.</param>
/// <param name="Updated">Its last update time when sent.</param>
internal readonly record struct SentAlert(string Id, DateTimeOffset Updated);
