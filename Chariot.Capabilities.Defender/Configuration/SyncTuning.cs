namespace Chariot.Capabilities.Defender.Configuration;

/// <summary>
/// The facts of Microsoft's APIs the sync is built on, in one place (the way Polly keeps its <c>XxxConstants</c>): page
/// sizes and how long changes are kept. Nothing here is a choice; what may be tuned is <see cref="SyncOptions"/>, and
/// what a user configures is <see cref="DefenderKeys"/>.
/// </summary>
internal static class SyncTuning
{
    /// <summary>Machines a page: the largest <c>$top</c> /api/machines accepts (documented).</summary>
    public const int MachinesPageSize = 10_000;

    /// <summary>Rows a page of SoftwareVulnerabilitiesByMachine and of the change listing: the largest <c>pageSize</c> accepted (documented).</summary>
    public const int ByMachinePageSize = 200_000;

    /// <summary>CVEs a page of /api/vulnerabilities: the largest <c>$top</c> accepted (documented).</summary>
    public const int CataloguePageSize = 8_000;

    /// <summary>Alerts a page of alerts_v2: the most Graph gives whatever <c>$top</c> asks (observed; issue 6).</summary>
    public const int AlertsPageSize = 1_000;

    /// <summary>
    /// Devices a hunting query of internet-facing devices asks for (<c>take</c>): half the 100,000 rows a result may hold
    /// (documented), so a result never meets that limit, nor the 124 MB one (a row is under 1 KB).
    /// </summary>
    public const int HuntingPageSize = 50_000;

    /// <summary>
    /// How far back the hunting query reads each device's reports: Defender clears the internet-facing flag 48 hours after
    /// the last event (documented), so a device whose latest full report is older is not known to be facing now.
    /// </summary>
    public static readonly TimeSpan HuntingWindow = TimeSpan.FromDays(7);

    /// <summary>How long the service may run a hunting query before it answers (documented: a 3-minute timeout).</summary>
    public static readonly TimeSpan HuntingRunTime = TimeSpan.FromMinutes(3);

    /// <summary>How long Microsoft keeps vulnerability changes, and so the longest a fix can wait to be confirmed.</summary>
    public static readonly TimeSpan ChangesKept = TimeSpan.FromDays(14);

    /// <summary>How far back a change listing may start: <see cref="ChangesKept"/>, less an hour for clocks and a slow first page.</summary>
    public static readonly TimeSpan ChangesReach = ChangesKept - TimeSpan.FromHours(1);

    /// <summary>An event time further back than this (or over a day ahead) is no time at all (a default value, a broken clock).</summary>
    public static readonly TimeSpan PlausibleEventAge = ChangesKept + TimeSpan.FromDays(1);
}
