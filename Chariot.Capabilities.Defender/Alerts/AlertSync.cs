using System.Globalization;
using System.Runtime.CompilerServices;
using Chariot.Capabilities.Capabilities;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Devices;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Defender.Sync;
using Microsoft.Extensions.Logging;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// Alerts into risks, incrementally by <c>lastUpdateDateTime</c> (so status changes are seen, not just new alerts). The
/// checkpoint moves only after every alert before it was sent (see <see cref="AlertWatermark"/>). With
/// <c>max_alerts</c> the sync sends the OLDEST changes first, so each sync moves on and none is skipped.
/// </summary>
internal sealed partial class AlertSync(DefenderClients clients, ODataPager pager, TimeProvider time, ILogger<AlertSync> logger)
{
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
        var watermark = new AlertWatermark(checkpoint, started);
        var detections = new DetectionStates(checkpoint?.Open);
        var fallbackHost = (context.Job.Integration?.Value ?? clients.Settings.TenantId).Trim().ToLowerInvariant();
        var changed = ChangedAsync(checkpoint, output, cancellationToken);
        if (clients.Settings.MaxAlerts is { } limit)
        {
            var (oldest, total) = await OldestAsync(changed, limit);
            if (total > oldest.Count)
            {
                context.Summary.AddNote(string.Create(CultureInfo.InvariantCulture, $"max_alerts={limit}: sent the {oldest.Count} oldest of {total} changed alerts; the rest follow in the next syncs."));
            }

            foreach (var alert in oldest)
            {
                await SendAsync(alert, devices, fallbackHost, output, watermark, detections, cancellationToken);
            }
        }
        else
        {
            await foreach (var alert in changed)
            {
                await SendAsync(alert, devices, fallbackHost, output, watermark, detections, cancellationToken);
            }
        }

        foreach (var (closed, stillOpen) in detections.Closed())
        {
            if (stillOpen)
            {
                // Another alert of the detection is still open: the risk stays as it is; the closed alert's facts join it.
                LogKeptOpen(closed.Risk.Name, closed.Risk.Dns);
                await output.SendAsync(closed.Attributes, cancellationToken);
            }
            else
            {
                await SendMappedAsync(closed, output, cancellationToken);
            }
        }

        if (watermark.Checkpoint() is { } next)
        {
            next = next with { Open = detections.OpenAlerts(started) };
            await context.Results.CommitCheckpointAsync(AlertCheckpoint.Stream, next.ToJson(), cancellationToken);
        }
    }

    // The alerts changed since the checkpoint that were not sent yet; unreadable ones are skipped with a reason.
    private async IAsyncEnumerable<GraphAlert> ChangedAsync(AlertCheckpoint? checkpoint, StreamOutput output, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var listing = clients.Alerts(AlertQuery.Build(clients.Settings, checkpoint));
        await foreach (var alert in pager.ReadAsync(listing, DefenderJson.Default.GraphAlert, output.Counters, cancellationToken))
        {
            if (alert.LastUpdateDateTime is not { } updated || string.IsNullOrWhiteSpace(alert.Id))
            {
                output.Counters.AddSkipped();
                LogSkipped($"alert {alert.Id} has no id or no lastUpdateDateTime");
                continue;
            }

            if (checkpoint?.AlreadySent(alert.Id, updated) != true)
            {
                yield return alert;
            }
        }
    }

    // The listing comes newest first; a capped sync keeps the oldest changes, in a bounded heap, and sends them in order.
    private static async Task<(List<GraphAlert> Oldest, long Total)> OldestAsync(IAsyncEnumerable<GraphAlert> alerts, int limit)
    {
        var newestOnTop = new PriorityQueue<GraphAlert, long>();
        long total = 0;
        await foreach (var alert in alerts)
        {
            total++;
            newestOnTop.Enqueue(alert, -alert.LastUpdateDateTime!.Value.UtcTicks);
            if (newestOnTop.Count > limit)
            {
                newestOnTop.Dequeue();
            }
        }

        var oldest = new List<GraphAlert>(newestOnTop.Count);
        while (newestOnTop.TryDequeue(out var alert, out _))
        {
            oldest.Add(alert);
        }

        oldest.Reverse();
        return (oldest, total);
    }

    private async Task SendAsync(GraphAlert alert, DeviceDirectory devices, string fallbackHost, StreamOutput output, AlertWatermark watermark, DetectionStates detections, CancellationToken cancellationToken)
    {
        // Handled either way: a record that cannot be mapped now never will be, and must not hold the watermark back.
        watermark.Sent(alert.Id!, alert.LastUpdateDateTime!.Value);
        if (AlertToRisk.Map(alert, devices, fallbackHost, out var problem) is not { } mapped)
        {
            output.Counters.AddSkipped();
            LogSkipped(problem!);
            return;
        }

        foreach (var ready in detections.Admit(alert.Id!, alert.LastUpdateDateTime!.Value, mapped))
        {
            await SendMappedAsync(ready, output, cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The saved alert checkpoint could not be read; reading every alert again")]
    private partial void LogUnreadableCheckpoint();
}
