using System.Buffers;
using System.Globalization;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Devices;
using Chariot.Capabilities.Defender.Http;
using Chariot.Capabilities.Defender.Sync;
using Microsoft.Extensions.Logging;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// Alerts into risks, incrementally by <c>lastUpdateDateTime</c> (so status changes are seen, not just new alerts),
/// oldest change first (<see cref="AlertListing"/>). The checkpoint advances page by page as progress that survives a
/// failure later in the job, and never past an alert that was not handled (<see cref="AlertWatermark"/>). The first
/// sync reads <c>alert_lookback_days</c> of history; with <c>max_alerts</c> a sync stops after that many alerts, the
/// oldest changes, and the next one goes on from there.
/// </summary>
internal sealed partial class AlertSync(DefenderClients clients, AlertListing listing, TimeProvider time, SyncOptions options, ILogger<AlertSync> logger)
{
    /// <summary>How far past the sync's clock a saved watermark may be (clocks disagree a little) before it is discarded.</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromHours(1);

    public async Task RunAsync(JobContext context, DeviceDirectory devices, CancellationToken cancellationToken)
    {
        var output = new StreamOutput(context.Results, context.Summary.Stream(SyncTally.Alerts));
        var saved = await context.Checkpoints.ReadAsync(AlertCheckpoint.Stream, cancellationToken);
        var checkpoint = AlertCheckpoint.FromJson(saved);
        if (saved is not null && checkpoint is null)
        {
            LogUnreadableCheckpoint();
        }

        var started = time.GetUtcNow();
        if (checkpoint is not null && checkpoint.Time > started + ClockTolerance)
        {
            // A watermark past now (a clock set wrong once, a hand-edited file) would ask only for changes after it: none,
            // ever. Reading everything again is the safe way back.
            LogFutureCheckpoint(checkpoint.Time, started);
            checkpoint = null;
        }

        using var detections = new DetectionStates(options.OpenAlertMemory, checkpoint?.Open, checkpoint?.Held);
        var run = new Run(
            context,
            devices,
            output,
            new AlertWatermark(checkpoint, started, options.AlertSettlingMargin),
            detections,
            (context.Job.Integration?.Value ?? clients.Settings.TenantId).Trim().ToLowerInvariant(),
            started);
        // The closed alerts a sync stopped half way held back are records this sync takes in (and sends, or folds).
        output.Counters.AddReceived(run.Detections.CarriedIn);
        // alert_lookback_days=0 reads everything the tenant keeps: from the epoch, well before any alert.
        var from = checkpoint?.Time ?? (started - clients.Settings.AlertLookback ?? DateTimeOffset.UnixEpoch);
        var limit = clients.Settings.MaxAlerts;
        var oldest = new OldestAlerts();
        DateTimeOffset? limitedAt = null;
        await foreach (var step in listing.ReadAsync(from, started, output.Counters, cancellationToken))
        {
            if (run.Limited)
            {
                // max_alerts was reached in this page: its end says how far the checkpoint may go (offsets it used may
                // have passed alerts, which only its count shows).
                if (step.PageEnd is { } end)
                {
                    limitedAt = end.ResumeFrom;
                    break;
                }

                if (step.Alert is not null)
                {
                    output.Counters.AddSkipped(SkipReasons.OverMaxAlerts);
                }

                continue;
            }

            if (step.PageEnd is { Complete: false } pageEnd)
            {
                run.Watermark.ReadUpTo(pageEnd.ResumeFrom);
                await run.MaybeCommitProgressAsync(cancellationToken);
                continue;
            }

            if (step.Alert is not { } alert || !IsNew(alert, run))
            {
                continue;
            }

            if (step.OldestFirst || limit is null)
            {
                if (run.Handled >= limit)
                {
                    run.Limited = true;
                    output.Counters.AddSkipped(SkipReasons.OverMaxAlerts);
                    continue;
                }

                await HandleAsync(alert, run, cancellationToken);
            }
            else if (oldest.Keep(alert, limit.Value - run.Handled) is { } otherVersion)
            {
                // Newest first, the oldest changes are known only at the end, so those that fit under max_alerts wait in
                // a bounded heap; another version of an alert waiting there is left for the next sync.
                run.Watermark.Defer(otherVersion);
                output.Counters.AddSkipped(SkipReasons.ChangedAgain);
            }
        }

        output.Counters.AddSkipped(SkipReasons.OverMaxAlerts, oldest.Dropped);
        output.Counters.AddSkipped(SkipReasons.AlreadySent, oldest.Repeated);

        if (oldest.OldestDropped is { } dropped)
        {
            // Newer changes did not fit under max_alerts: the checkpoint stays at the oldest of them.
            run.Limited = true;
            run.Watermark.Defer(dropped);
        }

        foreach (var alert in oldest.OldestFirst())
        {
            await HandleAsync(alert, run, cancellationToken);
        }

        if (run.Limited)
        {
            context.Summary.AddNote(string.Create(CultureInfo.InvariantCulture, $"max_alerts={limit}: sent the {run.Handled} oldest alert changes; the rest follow in the next syncs."));
        }

        await CloseHeldAsync(run, cancellationToken);
        output.Counters.AddSkipped(SkipReasons.SameDetection, run.Detections.Folded);
        output.Counters.EnsureBalanced();
        if (run.Watermark.Final(notAfter: limitedAt) is { } next)
        {
            next = next with { Open = run.Detections.OpenAlerts(started) };
            await context.Results.CommitProgressAsync(AlertCheckpoint.Stream, next.ToUtf8(run.CheckpointBuffer), cancellationToken);
        }
    }

    // Readable, a version not handled yet, and not a second version of an alert this sync handled already: the job keeps
    // a risk's first state, so that change is left for the next sync.
    private bool IsNew(GraphAlert alert, Run run)
    {
        if (alert.LastUpdateDateTime is not { } updated || string.IsNullOrWhiteSpace(alert.Id))
        {
            run.Output.Counters.AddSkipped(SkipReasons.Unmappable);
            LogSkipped($"alert {alert.Id} has no id or no lastUpdateDateTime");
            return false;
        }

        if (!run.Watermark.IsNew(alert.Id, updated))
        {
            run.Output.Counters.AddSkipped(SkipReasons.AlreadySent);
            return false;
        }

        if (run.HasHandled(AlertPrint.Of(alert.Id)))
        {
            LogDeferred(alert.Id, updated);
            run.Watermark.Defer(updated);
            run.Output.Counters.AddSkipped(SkipReasons.ChangedAgain);
            return false;
        }

        return true;
    }

    private async Task HandleAsync(GraphAlert alert, Run run, CancellationToken cancellationToken)
    {
        var id = AlertPrint.Of(alert.Id!); // once an alert: the handled set and the detection states know it by this

        // Handled either way: a record that cannot be mapped now never will be, and must not hold the watermark back.
        run.Handle(alert, id);
        var hosts = AlertHosts.Of(alert, run.Devices, run.FallbackHost);
        if (hosts.First is not { } first)
        {
            // Its open instances from earlier syncs no longer hold its detection open on those hosts.
            run.Detections.Forget(id);
            run.Output.Counters.AddSkipped(SkipReasons.DeviceOutOfScope);
            alert.Evidence?.Dispose();
            return;
        }

        if (AlertToRisk.Map(alert, first, out var problem, run.Output.StampNow()) is not { } mapped)
        {
            run.Output.Counters.AddSkipped(SkipReasons.Unmappable);
            LogSkipped(problem!);
            return;
        }

        if (run.Defines(mapped.Risk.Name))
        {
            await run.Output.SendAsync(AlertDefinition.From(alert).ToFile(mapped.Risk.Name), cancellationToken);
        }

        var updated = alert.LastUpdateDateTime!.Value;
        foreach (var ready in hosts.More is { } more ? run.Detections.Admit(id, updated, OnHosts(mapped, more, run.Output)) : run.Detections.Admit(id, updated, mapped))
        {
            await SendMappedAsync(ready, run.Output, cancellationToken);
        }

        // Its proof was made here if it will ever be (sent, or held: a held alert's size is its proof's), so the evidence
        // lines go back to their pool; an alert that was not handled leaves them to the garbage collector.
        alert.Evidence?.Dispose();
    }

    // The alert on each of its hosts: a record per host (received here), each sent, held or folded as an alert is.
    private static List<MappedAlert> OnHosts(MappedAlert mapped, List<string> more, StreamOutput output)
    {
        output.Counters.AddReceived(more.Count);
        var onHosts = new List<MappedAlert>(1 + more.Count) { mapped };
        foreach (var host in more)
        {
            onHosts.Add(mapped.OnHost(host));
        }

        return onHosts;
    }

    private async Task CloseHeldAsync(Run run, CancellationToken cancellationToken)
    {
        foreach (var (closed, stillOpen) in run.Detections.Closed())
        {
            if (stillOpen)
            {
                // Another alert of the detection is still open: the risk stays as it is; the closed alert's facts join it.
                LogKeptOpen(closed.Risk.Name, closed.Risk.Dns);
                run.Output.Counters.AddSkipped(SkipReasons.SameDetection);
                await run.Output.SendAsync(closed.Attributes, cancellationToken);
            }
            else
            {
                await SendMappedAsync(closed, run.Output, cancellationToken);
            }
        }
    }

    private static async Task SendMappedAsync(MappedAlert mapped, StreamOutput output, CancellationToken cancellationToken)
    {
        if (await output.SendAsync(mapped.Risk, cancellationToken))
        {
            await output.SendAsync(mapped.Proof, cancellationToken);
        }

        await output.SendAsync(mapped.Attributes, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Risk} risk on {Host} stays open: another of its alerts is still open")]
    private partial void LogKeptOpen(string risk, string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped an alert: {Problem}")]
    private partial void LogSkipped(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The saved alert checkpoint ({Saved:o}) is in the future (now {Now:o}); discarded, reading every alert of the lookback again")]
    private partial void LogFutureCheckpoint(DateTimeOffset saved, DateTimeOffset now);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The saved alert checkpoint could not be read; reading every alert again")]
    private partial void LogUnreadableCheckpoint();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Alert {Id} changed again during the sync ({Updated}); the next sync sends that change")]
    private partial void LogDeferred(string id, DateTimeOffset updated);

    /// <summary>One sync's state: where it stands, what it holds back, and when its progress was last saved.</summary>
    private sealed class Run(
        JobContext context,
        DeviceDirectory devices,
        StreamOutput output,
        AlertWatermark watermark,
        DetectionStates detections,
        string fallbackHost,
        DateTimeOffset started)
    {
        /// <summary>
        /// The most held alerts a progress checkpoint carries, in bytes of their proofs, comments and facts (an evidence
        /// summary of up to 50 lines: about 700 alerts of 1.5 KB). The checkpoint is written whole at every
        /// save: kept this small, saving stays cheap in time and memory on a tenant of any size.
        /// </summary>
        public const long MaxHeldBytesInProgress = DetectionStates.DefaultHeldInMemoryBytes;

        // By fingerprint (AlertPrint): the ids as text took five times the memory.
        private readonly HashSet<UInt128> _handledIds = [];

        // The detections (risk names) whose definition this sync sent: one file a title.
        private readonly HashSet<string> _defined = new(StringComparer.Ordinal);
        private int _handledSinceProgress;

        private ArrayBufferWriter<byte>? _checkpointBuffer;

        /// <summary>Where the checkpoint is serialized, kept between saves for the sync's lifetime.</summary>
        public ArrayBufferWriter<byte> CheckpointBuffer => _checkpointBuffer ??= new ArrayBufferWriter<byte>();

        public DeviceDirectory Devices => devices;

        public StreamOutput Output => output;

        public AlertWatermark Watermark => watermark;

        public DetectionStates Detections => detections;

        public string FallbackHost => fallbackHost;

        /// <summary>Alerts handled by this sync.</summary>
        public int Handled => _handledIds.Count;

        /// <summary>Whether <c>max_alerts</c> stopped the sync before the listing ended.</summary>
        public bool Limited { get; set; }

        /// <summary>Whether the alert of this id (<see cref="AlertPrint"/>) was handled by this sync.</summary>
        public bool HasHandled(UInt128 id) => _handledIds.Contains(id);

        /// <summary>True the first time a risk name is met: its definition is to be sent.</summary>
        public bool Defines(string riskName) => _defined.Add(riskName);

        public void Handle(GraphAlert alert, UInt128 id)
        {
            _handledIds.Add(id);
            watermark.Handled(alert.Id!, alert.LastUpdateDateTime!.Value);
            _handledSinceProgress++;
        }

        /// <summary>
        /// Saves the progress, with the closed alerts still held back, after every page, unless the checkpoint has grown
        /// larger than what was read since the last save: a held alert weighs about as much as an alert read, a
        /// remembered version or open alert a sixteenth of that. So saving never costs more than reading did, and a sync
        /// stopped half way reads again at most that much. (A quarter instead of a sixteenth cut a 20,000-alert sync's
        /// allocations by a tenth, but a sync of a few pages then skipped saves and one stopped read pages again: the
        /// end-to-end resumption test failed.) Past <see cref="MaxHeldBytesInProgress"/> of held alerts (a first
        /// sync of a tenant whose alerts are mostly resolved) progress is no longer saved: the checkpoint stays a few MB.
        /// </summary>
        public async Task MaybeCommitProgressAsync(CancellationToken cancellationToken)
        {
            if (detections.HeldBytes > MaxHeldBytesInProgress)
            {
                // No save until held alerts are released (seldom): the buffer, as large as the last save, is let go meanwhile.
                _checkpointBuffer = null;
                return;
            }

            var weight = detections.HeldCount + ((watermark.Remembered + detections.OpenCount) / 16);
            if (_handledSinceProgress < weight || watermark.Progress() is not { } progress)
            {
                return;
            }

            progress = progress with { Open = detections.OpenAlerts(started), Held = detections.HeldCount == 0 ? null : detections.Held() };
            await context.Results.CommitProgressAsync(AlertCheckpoint.Stream, progress.ToUtf8(CheckpointBuffer), cancellationToken);
            _handledSinceProgress = 0;
        }
    }
}
