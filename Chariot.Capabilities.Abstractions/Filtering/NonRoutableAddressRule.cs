using System.Net;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Filtering;

/// <summary>
/// <c>non-routable-address</c>: drops an asset whose address (its name, or its dns when that is an address) cannot be
/// reached from the internet: RFC 1918, loopback, link-local, CGNAT, "this network", multicast, reserved and
/// documentation ranges, and their IPv6 counterparts. Off by default; <c>filter_private_addresses=true</c> turns it on.
/// </summary>
public sealed class NonRoutableAddressRule : IScopeRule
{
    private static readonly IPNetwork[] Unreachable =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("fec0::/10"), IPNetwork.Parse("ff00::/8"), IPNetwork.Parse("100::/64"),
    ];

    // RFC 5737 and RFC 3849: public in form, reserved for examples and documentation.
    private static readonly IPNetwork[] Documentation =
    [
        IPNetwork.Parse("192.0.2.0/24"), IPNetwork.Parse("198.51.100.0/24"), IPNetwork.Parse("203.0.113.0/24"),
        IPNetwork.Parse("2001:db8::/32"),
    ];

    private static readonly IPNetwork[] UnreachableOrDocumentation = [.. Unreachable, .. Documentation];

    /// <summary>The rule name.</summary>
    public const string RuleName = "non-routable-address";

    /// <inheritdoc />
    public string Name => RuleName;

    /// <inheritdoc />
    public string? Excludes(Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        foreach (var candidate in AddressesOf(asset))
        {
            if (RangeOf(candidate) is { } range)
            {
                return $"{(candidate.IsIPv4MappedToIPv6 ? candidate.MapToIPv4() : candidate)} is in the non-routable range {range}";
            }
        }

        return null;
    }

    /// <summary>
    /// The non-routable range <paramref name="address"/> is in (an IPv4-mapped IPv6 address read as IPv4), or null; the
    /// documentation ranges (RFC 5737, RFC 3849) count only when <paramref name="documentation"/> is true.
    /// </summary>
    public static IPNetwork? RangeOf(IPAddress address, bool documentation = true)
    {
        ArgumentNullException.ThrowIfNull(address);
        var normal = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var range in documentation ? UnreachableOrDocumentation : Unreachable)
        {
            if (range.Contains(normal))
            {
                return range;
            }
        }

        return null;
    }

    internal static IEnumerable<IPAddress> AddressesOf(Asset asset)
    {
        if (GoNet.TryParseIp(asset.Name, out var name))
        {
            yield return name;
        }
        else if (GoNet.TryParseIp(asset.Dns, out var dns))
        {
            yield return dns;
        }
    }
}
