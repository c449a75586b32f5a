using Chariot.Capabilities.Defender.Devices;
using Chariot.Capabilities.Defender.Http;
using Chariot.Capabilities.Defender.Sync;
using Chariot.Capabilities.Models;
using Microsoft.Extensions.Logging;

namespace Chariot.Capabilities.Defender.Software;

/// <summary>
/// Each device's software (<c>SoftwareInventoryByMachine</c>, streamed) into Chariot: a technology per distinct CPE
/// (derived, <see cref="SoftwareCpe"/>), sent once a sync; a <c>HAS_TECHNOLOGY</c> relationship from the device's asset
/// to it per row (the row's record); and, for software past its end of support, a risk on the host
/// (<see cref="EndOfSupport"/>) with its definition. Devices the sync leaves out take their software with them.
/// </summary>
internal sealed partial class SoftwareSync(DefenderClients clients, Vulnerabilities.ExportReader export, ILogger<SoftwareSync> logger)
{
    public async Task RunAsync(JobContext context, DeviceDirectory devices, CancellationToken cancellationToken)
    {
        var output = new StreamOutput(context.Results, context.Summary.Stream(SyncTally.Software));
        // Each distinct software's technology (or null: no CPE can name it), made and sent once: rows are millions, software
        // a few thousand (the strings are pooled, so the key compares cheaply).
        var technologies = new Dictionary<(string?, string?, string?), Technology?>();
        var defined = new HashSet<string>(StringComparer.Ordinal);
        string? device = null;
        Asset? asset = null;
        // Read as the vulnerabilities are: by machine, or from the export files for a tenant of 100,000 devices or more.
        var rows = export.ReadAllAsync(clients.SoftwareExport, clients.SoftwareInventory(), devices.Count, output.Counters, cancellationToken);
        await foreach (var row in rows)
        {
            if (devices.LeavesOut(row.DeviceId))
            {
                output.Counters.AddSkipped(SkipReasons.DeviceOutOfScope);
                continue;
            }

            if (!string.Equals(row.DeviceId, device, StringComparison.OrdinalIgnoreCase))
            {
                // Rows of a device come together: its asset is looked up once.
                device = row.DeviceId;
                asset = device is not null && devices.AssetOf(device) is var (host, name) ? new Asset(host, name) : null;
            }

            if (asset is null)
            {
                output.Counters.AddSkipped(SkipReasons.UnlistedDevice);
                continue;
            }

            var software = (row.SoftwareVendor, row.SoftwareName, row.SoftwareVersion);
            if (!technologies.TryGetValue(software, out var technology))
            {
                technology = technologies[software] = SoftwareCpe.Technology(row.SoftwareVendor, row.SoftwareName, row.SoftwareVersion);
                if (technology is not null)
                {
                    await output.SendAsync(technology, cancellationToken);
                }
            }

            if (technology is null)
            {
                output.Counters.AddSkipped(SkipReasons.Unmappable);
                LogSkipped(row.DeviceId);
                continue;
            }

            if (await output.SendAsync(Relationship.HasTechnology(asset, technology), cancellationToken)
                && EndOfSupport.RiskOf(row, asset.Dns, output.StampNow()) is { } risk)
            {
                // The risk is a record of its own, beside the relationship.
                output.Counters.AddReceived();
                if (await output.SendAsync(risk, cancellationToken) && defined.Add(risk.Name))
                {
                    await output.SendAsync(EndOfSupport.Definition(row).ToFile(risk.Name), cancellationToken);
                }
            }
        }

        output.Counters.EnsureBalanced();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a software row of machine {Machine}: it names no software, or one no CPE name can hold")]
    private partial void LogSkipped(string? machine);
}
