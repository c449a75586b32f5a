using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Devices;
using Chariot.Capabilities.Defender.Http;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Defender.Sync;
using Microsoft.Extensions.Logging;

namespace Chariot.Capabilities.Defender.Exposure;

/// <summary>
/// Devices Defender saw reachable from the internet (advanced hunting, <see cref="InternetFacingQuery"/>) into Chariot:
/// per device, its public address as an asset the device's asset <c>DISCOVERED</c>, the public port on it
/// (<c>HAS_PORT</c>), and the facts on the device's asset (<see cref="ExposureToModels"/>). The stream's record is the
/// address. Pages are read until one comes back empty: a result the service cut short (it may hold 100,000 rows, and says
/// nothing when it cuts) only costs one more call, never a device.
/// </summary>
internal sealed partial class InternetFacingSync(DefenderClients clients, ODataPager pager, ILogger<InternetFacingSync> logger)
{
    // Pages of 50,000 devices: a thousand is fifty million, far past any tenant; a service that never ends stops here.
    private const int MaxPages = 1_000;

    public async Task RunAsync(JobContext context, DeviceDirectory devices, CancellationToken cancellationToken)
    {
        var output = new StreamOutput(context.Results, context.Summary.Stream(SyncTally.InternetFacing));
        string? after = null;
        for (var page = 1; ; page++)
        {
            if (page > MaxPages)
            {
                throw new CapabilityException(
                    CapabilityFailure.Vendor,
                    $"The internet-facing devices query went past {MaxPages} pages without ending (each asks for the devices after the last one): the service is not paging by device id.");
            }

            string? last = null;
            var stamp = output.StampNow();
            await foreach (var row in pager.ReadAsync(clients.InternetFacing(after), DefenderJson.Default.InternetFacingRow, output.Counters, cancellationToken))
            {
                if (row.DeviceId is { } id && (last is null || string.CompareOrdinal(id, last) > 0))
                {
                    last = id;
                }

                if (devices.LeavesOut(row.DeviceId))
                {
                    output.Counters.AddSkipped(SkipReasons.DeviceOutOfScope);
                }
                else if (row.DeviceId is null || devices.AssetOf(row.DeviceId) is not var (host, name))
                {
                    output.Counters.AddSkipped(SkipReasons.UnlistedDevice);
                }
                else if (!await ExposureToModels.SendAsync(row, new Models.Asset(host, name), output, stamp, cancellationToken))
                {
                    output.Counters.AddSkipped(SkipReasons.NoPublicAddress);
                    LogNoAddress(row.DeviceId, row.PublicScannedIp, row.PublicScannedPort, row.Protocol);
                }
            }

            if (last is null)
            {
                break;
            }

            if (after is not null && string.CompareOrdinal(last, after) <= 0)
            {
                throw new CapabilityException(
                    CapabilityFailure.Vendor,
                    "The internet-facing devices query returned devices before the page's start: the service did not apply the page's device filter, so paging stopped.");
            }

            after = last;
        }

        output.Counters.EnsureBalanced();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Internet-facing machine {Machine} has no public address and port to send ({Address}, {Port}, {Protocol}): its facts stay on its asset")]
    private partial void LogNoAddress(string? machine, string? address, int? port, string? protocol);
}
