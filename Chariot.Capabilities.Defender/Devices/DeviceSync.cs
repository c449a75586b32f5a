using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Http;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Defender.Sync;
using Microsoft.Extensions.Logging;

namespace Chariot.Capabilities.Defender.Devices;

/// <summary>Devices into assets (when imported), and the device directory the other streams need either way.</summary>
internal sealed partial class DeviceSync(DefenderClients clients, ODataPager pager, TimeProvider time, ILogger<DeviceSync> logger)
{
    public async Task RunAsync(JobContext context, DeviceDirectory directory, bool emit, CancellationToken cancellationToken)
    {
        var output = new StreamOutput(context.Results, context.Summary.Stream(SyncTally.Devices));
        var started = time.GetUtcNow();
        var scope = new DeviceScope(clients.Settings, started);
        directory.NarrowedAt = scope.StaleBefore is null ? null : started;
        directory.Scoped = scope.Scoped;
        var filter = scope.ServerFilter;
        if (filter is not null)
        {
            // The devices the filter leaves out are never listed, so no count of them can be given: the note says which.
            context.Summary.AddNote("devices: asked only for those matching " + filter + " (stale_days and the device scope); the others, and their records, are not sent");
        }

        var listing = clients.Machines(filter, ApiEndpoints.Machines.PageSize);
        await foreach (var machine in pager.ReadAsync(listing, DefenderJson.Default.Machine, output.Counters, cancellationToken))
        {
            if (!string.IsNullOrWhiteSpace(machine.Id) && scope.LeftOutBecause(machine) is { } reason)
            {
                directory.LeaveOut(machine.Id);
                output.Counters.AddSkipped(reason);
                continue;
            }

            if (MachineToAsset.Map(machine, clients.Settings.TenantId, out var problem, emit ? output.StampNow() : null) is not { } mapped)
            {
                output.Counters.AddSkipped(SkipReasons.Unmappable);
                LogSkipped(problem!);
                continue;
            }

            directory.Add(machine.Id!, mapped.Asset.Dns, mapped.Asset.Name);
            if (!emit)
            {
                output.Counters.AddSkipped(SkipReasons.NotImported);
            }
            else if (await output.SendAsync(mapped.Asset, cancellationToken))
            {
                await output.SendAsync(mapped.Attributes, cancellationToken);
            }
        }

        output.Counters.EnsureBalanced();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a device: {Problem}")]
    private partial void LogSkipped(string problem);
}
