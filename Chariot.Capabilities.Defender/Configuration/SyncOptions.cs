using System.ComponentModel.DataAnnotations;

namespace Chariot.Capabilities.Defender.Configuration;

/// <summary>
/// What tunes a sync beyond the facts of Microsoft's APIs (those stay constants in <see cref="SyncTuning"/>), each with its
/// default, its reason and its valid range, in one options type (the way Polly keeps <c>XxxStrategyOptions</c> beside
/// <c>XxxConstants</c>). Registered with the plugin's services and validated when first resolved; a caller may configure
/// it (<c>services.Configure&lt;SyncOptions&gt;(...)</c>). It is not user configuration: that is <see cref="DefenderKeys"/>.
/// </summary>
internal sealed class SyncOptions
{
    /// <summary>How often every vulnerability row is read again, whatever the changes say: well within Chariot's 30-day time to live.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "29.00:00:00")]
    public TimeSpan FullEvery { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How far behind the newest change seen the next listing starts: Microsoft computes changes in batches (every few
    /// hours) and may publish a batch late, and clocks differ. Rows read twice cost little: the latest event of a row wins.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ChangesOverlap { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long an alert that never changes again is taken as still open: Graph keeps alerts about six months.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan OpenAlertMemory { get; set; } = TimeSpan.FromDays(180);

    /// <summary>How far before the sync's start the alert watermark stays: covers late-recorded updates and clock skew.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan AlertSettlingMargin { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A body silent this long is a dead connection (a page of 200,000 rows streams, but never stalls minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries of a call that failed for a passing reason (408, 429, 5xx, a dropped connection).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 6;

    /// <summary>The longest one attempt waits for its answer's headers.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The most machines a sync asks for their current CVEs (50 calls a minute, so 500 take about 11 minutes); the fixes beyond wait.</summary>
    [Range(1, 10_000)]
    public int MachinesPerSync { get; set; } = 500;

    /// <summary>The most fixes kept waiting in the checkpoint; past it the oldest are given up (logged).</summary>
    [Range(0, 1_000_000)]
    public int MaxPending { get; set; } = 20_000;
}
