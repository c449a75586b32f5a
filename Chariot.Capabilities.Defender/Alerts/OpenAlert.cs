namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>An alert that was open when last seen, and the risk (detection on a host) it keeps open.</summary>
/// <param name="Id">The alert id.</param>
/// <param name="Risk">The key of its risk.</param>
/// <param name="Updated">Its last update time when last seen.</param>
internal sealed record OpenAlert(string Id, string Risk, DateTimeOffset Updated);
