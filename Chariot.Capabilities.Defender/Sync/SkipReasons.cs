using Chariot.Capabilities.Defender.Paging;

namespace Chariot.Capabilities.Defender.Sync;

/// <summary>
/// Why a record received is not sent. Every record a stream receives is emitted, filtered or skipped for one of these,
/// and the stream checks that they add up before it saves its checkpoint (<see cref="Reporting.StreamCounters.EnsureBalanced"/>).
/// </summary>
internal static class SkipReasons
{
    public const string Unreadable = PageLimits.UnreadableReason;
    public const string Unmappable = "records that could not be mapped (each logged)";
    public const string NotImported = "devices read only to place risks (import_assets is off)";
    public const string ExcludedDevice = "devices excluded in Defender (include_excluded is off)";
    public const string MergedDevice = "devices merged into another device (include_excluded is off)";
    public const string OutsideGroups = "devices outside device_groups (groups named, matched as listed)";
    public const string DeviceOutOfScope = "records of devices the sync leaves out (stale, out of scope, excluded or merged)";
    public const string UnlistedDevice = "records of machines the device listing did not return (no asset to relate them to)";
    public const string NoPublicAddress = "internet-facing devices without a public address and port scanned (facts kept on the device)";
    public const string SoftwareInventory = "software inventory rows (no CVE)";
    public const string UnknownChange = "change rows of an unknown status (each logged)";
    public const string ChangeAlreadySent = "open changes an earlier sync sent (the listings overlap)";
    public const string SameRiskChange = "change rows folded into another row of the same host and CVE";
    public const string FixAlreadyDecided = "fixes an earlier sync decided";
    public const string FixReopened = "fixes found open again in this sync";
    public const string FixStillListed = "fixes the machine still lists (the risk stays open)";
    public const string FixWaiting = "fixes waiting to be checked by a later sync";
    public const string FixGivenUp = "fixes given up unchecked (see the warning)";
    public const string FixAnswer = "CVEs a machine listed when asked about a fix (answers, not risks)";
    public const string AlreadySent = "alert versions an earlier sync sent";
    public const string ChangedAgain = "alert versions changed again during the sync (the next sync sends the change)";
    public const string OverMaxAlerts = "alert changes over max_alerts (the next syncs send them)";
    public const string SameDetection = "alerts folded into the risk of another alert of the same detection";
    public const string UnusedDefinition = "catalogue entries of CVEs this sync did not see";
}
