using System.Globalization;
using Chariot.Capabilities.Capabilities;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Devices;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Defender.Sync;
using Microsoft.Extensions.Logging;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// Alerts into risks, incrementally by <c>lastUpdateDateTime</c> (so status changes are seen, not just new alerts). The
/// checkpoint moves only after every alert before it was sent, and only when the whole listing was read: when
/// <c>max_alerts</c> stops a sync early the checkpoint stays, so no alert is lost, and the summary says so.
/// </summary>
internal sealed partial class AlertSync(DefenderClients clients, ODataPager pager, ILogger<AlertSync> logger)
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

        var fallbackHost = (context.Job.Integration?.Value ?? clients.Settings.TenantId).Trim().ToLowerInvariant();
        var limit = clients.Settings.MaxAlerts;
        var newest = checkpoint?.Time;
        var idsAtNewest = new List<string>(checkpoint?.Ids ?? []);
        var sent = 0;
        await foreach (var alert in pager.ReadAsync(clients.Alerts(AlertQuery.Build(clients.Settings, checkpoint)), DefenderJson.Default.GraphAlert, output.Counters, cancellationToken))
        {
            if (alert.LastUpdateDateTime is not { } updated)
            {
                output.Counters.AddSkipped();
                LogSkipped($"alert {alert.Id} has no lastUpdateDateTime");
                continue;
            }

            if (alert.Id is { } id && checkpoint is not null && (checkpoint.AlreadySent(id, updated) || updated < checkpoint.Time))
            {
                continue;
            }

            if (AlertToRisk.Map(alert, devices, fallbackHost, out var problem) is not { } mapped)
            {
                output.Counters.AddSkipped();
                LogSkipped(problem!);
                continue;
            }

            if (sent == limit)
            {
                var note = string.Create(CultureInfo.InvariantCulture, $"max_alerts={limit} was reached before the alert listing ended; the alert checkpoint was not moved, so no alert is lost, but the rest waits for a sync with a higher max_alerts (or none).");
                context.Summary.AddNote(note);
                LogCapped(limit.Value);
                return;
            }

            if (await output.SendAsync(mapped.Risk, cancellationToken))
            {
                await output.SendAsync(mapped.Proof, cancellationToken);
            }

            await output.SendAsync(mapped.Attributes, cancellationToken);
            sent++;
            if (newest is null || updated > newest)
            {
                newest = updated;
                idsAtNewest.Clear();
            }

            if (updated == newest)
            {
                idsAtNewest.Add(alert.Id!);
            }
        }

        if (newest is { } time)
        {
            await context.Results.CommitCheckpointAsync(AlertCheckpoint.Stream, new AlertCheckpoint(time, idsAtNewest.Distinct(StringComparer.Ordinal).ToArray()).ToJson(), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped an alert: {Problem}")]
    private partial void LogSkipped(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The saved alert checkpoint could not be read; reading every alert again")]
    private partial void LogUnreadableCheckpoint();

    [LoggerMessage(Level = LogLevel.Warning, Message = "max_alerts={Limit} reached: the alert checkpoint stays where it was")]
    private partial void LogCapped(int limit);
}
