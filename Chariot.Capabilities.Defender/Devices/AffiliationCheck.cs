using System.Globalization;
using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Defender.Sync;
using Chariot.Capabilities.Models;
using Chariot.Capabilities.Reporting;

namespace Chariot.Capabilities.Defender.Devices;

/// <summary>
/// Whether Defender for Endpoint knows an asset: a machine with that host name (<c>computerDnsName eq</c>, escaped), else
/// with that address as its last IP; else, when the job imports internet-facing devices (and so may run hunting
/// queries), a public address a device faces the internet on now (the assets that sync sends). False when none is
/// found; an exception only when the API fails. A host name in
/// Chariot's ASCII form (<c>xn--</c> labels, as tabularium stores internationalised names) is asked in its Unicode form,
/// the one Defender lists.
/// </summary>
internal sealed class AffiliationCheck(DefenderClients clients, ODataPager pager)
{
    public async Task<bool> IsKnownAsync(Asset asset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var counters = new RunSummary().Stream("affiliation");
        if (DeviceDirectory.NormalizeHost(asset.Dns) is { } host && !IsAddress(host)
            && await AnyAsync($"computerDnsName eq {ODataLiteral.Quote(Unicode(host))}", counters, cancellationToken))
        {
            return true;
        }

        foreach (var address in new[] { asset.Name, asset.Dns }.Where(IsAddress).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (await AnyAsync($"lastIpAddress eq {ODataLiteral.Quote(address)}", counters, cancellationToken))
            {
                return true;
            }
        }

        // Only an address the internet-facing sync could have sent (the same rule decides both) is asked of hunting.
        return clients.Settings.ImportInternetFacing && Exposure.ExposureToModels.IsPublicAddress(asset)
            && await AnyFacingAsync(asset.Name, counters, cancellationToken);
    }

    private async Task<bool> AnyFacingAsync(string address, StreamCounters counters, CancellationToken cancellationToken)
    {
        await foreach (var row in pager.ReadAsync(clients.Hunting(Exposure.InternetFacingQuery.FacingOn(address)), DefenderJson.Default.InternetFacingRow, counters, cancellationToken))
        {
            if (!string.IsNullOrEmpty(row.DeviceId))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<bool> AnyAsync(string filter, StreamCounters counters, CancellationToken cancellationToken)
    {
        await foreach (var machine in pager.ReadAsync(clients.Machines(filter, top: 1), DefenderJson.Default.Machine, counters, cancellationToken))
        {
            if (!string.IsNullOrEmpty(machine.Id))
            {
                return true;
            }
        }

        return false;
    }

    // The Punycode labels decoded; a name that is not valid IDNA is asked as it is.
    private static string Unicode(string host)
    {
        if (!host.Contains("xn--", StringComparison.Ordinal))
        {
            return host;
        }

        try
        {
            return new IdnMapping().GetUnicode(host);
        }
        catch (ArgumentException)
        {
            return host;
        }
    }

    private static bool IsAddress(string value) => System.Net.IPAddress.TryParse(value, out _) && (value.Contains('.', StringComparison.Ordinal) || value.Contains(':', StringComparison.Ordinal));
}
