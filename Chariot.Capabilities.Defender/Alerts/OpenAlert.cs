namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>An alert that was open when last seen, and the risk (detection on a host) it keeps open, by their fingerprints.</summary>
/// <param name="Id">The alert id's fingerprint (<see cref="AlertPrint"/>).</param>
/// <param name="Risk">The fingerprint of its risk's key.</param>
/// <param name="Updated">Its last update time when last seen.</param>
internal readonly record struct OpenAlert(UInt128 Id, UInt128 Risk, DateTimeOffset Updated)
{
    /// <summary>The open alert of this id and risk key.</summary>
    public static OpenAlert Of(string id, string riskKey, DateTimeOffset updated) => new(AlertPrint.Of(id), AlertPrint.Of(riskKey), updated);
}
