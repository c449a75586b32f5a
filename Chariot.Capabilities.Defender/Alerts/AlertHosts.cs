using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Devices;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// The hosts an alert lands on, one risk each: every distinct host its device evidence names (the device's asset host
/// through the directory, else the item's <c>deviceDnsName</c>), in evidence order, devices the sync leaves out aside.
/// Evidence that names no device lands on the integration's value; an alert whose every device is left out lands nowhere.
/// </summary>
/// <param name="First">The first host; null when the alert lands nowhere.</param>
/// <param name="More">The further hosts; null when there is one (most alerts: nothing is allocated for them).</param>
internal readonly record struct AlertHosts(string? First, List<string>? More)
{
    public int Count => First is null ? 0 : 1 + (More?.Count ?? 0);

    public static AlertHosts Of(GraphAlert alert, DeviceDirectory devices, string fallbackHost)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(devices);
        string? first = null;
        List<string>? more = null;
        var leftOut = false;
        var evidence = alert.Evidence;
        Consider(evidence?.DeviceId, evidence?.DeviceDnsName);
        if (evidence?.MoreDevices is { } others)
        {
            foreach (var device in others)
            {
                Consider(device.DeviceId, device.DeviceDnsName);
            }
        }

        return first is null && !leftOut ? new(fallbackHost, null) : new(first, more);

        void Consider(string? id, string? dns)
        {
            if (id is null && dns is null)
            {
                return;
            }

            if (devices.LeavesOut(id, alert.CreatedDateTime))
            {
                leftOut = true;
                return;
            }

            if ((devices.HostOf(id) ?? DeviceDirectory.NormalizeHost(dns)) is not { } host || host == first || (more?.Contains(host) ?? false))
            {
                return;
            }

            if (first is null)
            {
                first = host;
            }
            else
            {
                (more ??= []).Add(host);
            }
        }
    }
}
