using System.Globalization;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Mapping;
using Chariot.Capabilities.Defender.Sync;
using Chariot.Capabilities.Emission;
using Chariot.Capabilities.Filtering;
using Chariot.Capabilities.Json;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Exposure;

/// <summary>
/// An internet-facing device as Chariot models: its public address an asset of its own (<c>dns</c> = <c>name</c> = the
/// address, a public one), which the device's asset <c>DISCOVERED</c>; the public port on it (<c>HAS_PORT</c>), the seed
/// Chariot scans from outside; and the facts on the device's asset as attributes (<c>internetFacingReason</c>,
/// <c>internetFacingLocalAddress</c>, <c>internetFacingLocalPort</c>, <c>internetFacingLastSeen</c>,
/// <c>internetFacingPublicAddress</c>, <c>internetFacingPublicPort</c>, <c>internetFacingProtocol</c>). Devices behind one
/// address share its asset.
/// </summary>
internal static class ExposureToModels
{
    /// <summary>
    /// Sends the device's facts, then its address, port and their relationships; false when the report names no public
    /// address (an address Go reads as one, not private, nor loopback, link-local, CGNAT, multicast or reserved) with a port
    /// and protocol (the facts are sent all the same).
    /// </summary>
    public static async ValueTask<bool> SendAsync(InternetFacingRow row, Asset device, StreamOutput output, ModelStamp stamp, CancellationToken cancellationToken)
    {
        var facts = new FactAttributes(device, expected: 7, stamp);
        facts.Add("internetFacingReason", row.Reason);
        facts.Add("internetFacingLocalAddress", row.LocalIp);
        facts.Add("internetFacingLocalPort", Text(row.LocalPort));
        facts.Add("internetFacingLastSeen", row.LastSeen is { } seen ? ChariotTimestampConverter.ToChariot(seen) : null);
        facts.Add("internetFacingPublicAddress", row.PublicScannedIp);
        facts.Add("internetFacingPublicPort", Text(row.PublicScannedPort));
        facts.Add("internetFacingProtocol", row.Protocol);
        await output.SendAsync(facts.All, cancellationToken);

        if (Address(row.PublicScannedIp, stamp) is not { } address || Protocol(row.Protocol) is not { } protocol || row.PublicScannedPort is not { } number || number is < 1 or > 65535)
        {
            return false;
        }

        // The address is the record, counted sent or filtered (a duplicate when devices share it, or out of scope). What
        // hangs on an address a scope rule dropped is dropped with it; one sent before (a duplicate) still takes them.
        await output.SendAsync(address, cancellationToken);
        var port = new Port(protocol, number, address) { Username = stamp.Username, Created = stamp.Now, Visited = stamp.Now, Ttl = stamp.Ttl };
        await output.SendAlongAsync(port, cancellationToken);
        await output.SendAlongAsync(Relationship.Discovered(device, address), cancellationToken);
        await output.SendAlongAsync(Relationship.HasPort(address, port), cancellationToken);
        return true;
    }

    private static Asset? Address(string? text, ModelStamp stamp)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        var address = new Asset(trimmed, trimmed) { Username = stamp.Username, Created = stamp.Now, Visited = stamp.Now, Ttl = stamp.Ttl };
        return IsPublicAddress(address) ? address : null;
    }

    /// <summary>
    /// Whether <paramref name="asset"/> is an address this sync may send: one Go reads as an IP, outside the ranges no one
    /// outside can reach (the filter's non-routable rule's own list). Documentation ranges pass: public in form, and
    /// Microsoft's examples and the fake tenant use them.
    /// </summary>
    public static bool IsPublicAddress(Asset asset) =>
        asset.IsClass("ipv") && System.Net.IPAddress.TryParse(asset.Name, out var ip) && NonRoutableAddressRule.RangeOf(ip, documentation: false) is null;

    private static string? Protocol(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "tcp" => "tcp",
        "udp" => "udp",
        _ => null,
    };

    private static string? Text(int? number) => number?.ToString(CultureInfo.InvariantCulture);
}
