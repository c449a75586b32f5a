namespace Chariot.Capabilities.Defender.Configuration;

/// <summary>
/// Every fixed value that tunes the sync, in one place, with the fact each rests on (the way Polly keeps its
/// <c>XxxConstants</c>). What a user may change is configuration (<see cref="DefenderKeys"/>); these are not, because
/// each follows from how Microsoft's APIs behave.
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

    /// <summary>How long Microsoft keeps vulnerability changes, and so the longest a fix can wait to be confirmed.</summary>
    public static readonly TimeSpan ChangesKept = TimeSpan.FromDays(14);

    /// <summary>How far back a change listing may start: <see cref="ChangesKept"/>, less an hour for clocks and a slow first page.</summary>
    public static readonly TimeSpan ChangesReach = ChangesKept - TimeSpan.FromHours(1);

    /// <summary>An event time further back than this (or over a day ahead) is no time at all (a default value, a broken clock).</summary>
    public static readonly TimeSpan PlausibleEventAge = ChangesKept + TimeSpan.FromDays(1);

    /// <summary>How often every vulnerability row is read again, whatever the changes say.</summary>
    public static readonly TimeSpan FullEvery = TimeSpan.FromDays(7);

    /// <summary>
    /// How far behind the newest change seen the next listing starts: Microsoft computes changes in batches (every few
    /// hours) and may publish a batch late, and clocks differ. Rows read twice cost little: the latest event of a row wins.
    /// </summary>
    public static readonly TimeSpan ChangesOverlap = TimeSpan.FromHours(6);

    /// <summary>How long an alert that never changes again is taken as still open: Graph keeps alerts about six months.</summary>
    public static readonly TimeSpan OpenAlertMemory = TimeSpan.FromDays(180);

    /// <summary>How far before the sync's start the alert watermark stays: covers late-recorded updates and clock skew.</summary>
    public static readonly TimeSpan AlertSettlingMargin = TimeSpan.FromMinutes(10);

    /// <summary>A body silent this long is a dead connection (a page of 200,000 rows streams, but never stalls minutes).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Retries of a call that failed for a passing reason (408, 429, 5xx, a dropped connection).</summary>
    public const int MaxRetries = 6;

    /// <summary>The longest one attempt waits for its answer's headers.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(100);
}
