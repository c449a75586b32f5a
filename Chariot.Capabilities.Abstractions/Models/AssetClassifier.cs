using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Chariot.Capabilities.Models;

/// <summary>
/// Tabularium's asset class inference (<c>GetClass</c>) and its <c>IsPrivate</c>, ported rule for rule: addresses as Go
/// parses them (<see cref="GoNet"/>), <c>tld</c> with the public suffix list as Go's publicsuffix answers (<see cref="PublicSuffix.PublicSuffixList"/>).
/// </summary>
internal static partial class AssetClassifier
{
    public static string Classify(string dns, string name, ModelSource source)
    {
        if (source == ModelSource.Account)
        {
            return dns;
        }

        if (AwsArn().IsMatch(name))
        {
            return "aws";
        }

        if (S3Uri().IsMatch(name))
        {
            return "s3";
        }

        if (GoNet.TryParseIp(name, out var ip))
        {
            return ip.AddressFamily == AddressFamily.InterNetwork || ip.IsIPv4MappedToIPv6 ? "ipv4" : "ipv6";
        }

        if (GoNet.TryParseCidr(dns, out _))
        {
            return "cidr";
        }

        if (!DomainName().IsMatch(dns))
        {
            return "";
        }

        return IsRegistrableDomain(dns) ? "tld" : "domain";
    }

    /// <summary>Go's <c>net.IP.IsPrivate</c> on the name (RFC 1918 and fc00::/7), for ip and cidr classes only.</summary>
    public static bool IsPrivate(string @class, string name)
    {
        if (@class.StartsWith("ipv", StringComparison.Ordinal))
        {
            return GoNet.TryParseIp(name, out var ip) && IsRfc1918OrUniqueLocal(ip);
        }

        if (@class.StartsWith("cidr", StringComparison.Ordinal))
        {
            return GoNet.TryParseCidr(name, out var network) && IsRfc1918OrUniqueLocal(network.BaseAddress);
        }

        return false;
    }

    private static bool IsRfc1918OrUniqueLocal(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        var b = ip.GetAddressBytes();
        return ip.AddressFamily == AddressFamily.InterNetwork
            ? b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168)
            : (b[0] & 0xFE) == 0xFC;
    }

    // tabularium's "tld" rule: the public suffix (Go's publicsuffix, as written, so case counts) is ICANN's, exactly one
    // label stands before it, and the name has no "/" (the domain pattern allows an http:// prefix).
    private static bool IsRegistrableDomain(string dns)
    {
        var (suffix, icann) = PublicSuffix.PublicSuffixList.PublicSuffix(dns);
        var before = dns.EndsWith(suffix, StringComparison.Ordinal) ? dns.AsSpan(0, dns.Length - suffix.Length) : dns.AsSpan();
        return icann && before.Count('.') == 1 && !dns.Contains('/', StringComparison.Ordinal);
    }

    [GeneratedRegex("^arn:aws:", RegexOptions.CultureInvariant)]
    private static partial Regex AwsArn();

    [GeneratedRegex(@"^(s3://)([^/]+)/?\z", RegexOptions.CultureInvariant)]
    private static partial Regex S3Uri();

    [GeneratedRegex(@"^(https?://)?((xn--[a-zA-Z0-9-]+|[a-zA-Z0-9-]+)\.)+([a-zA-Z]{2,})\z", RegexOptions.CultureInvariant)]
    private static partial Regex DomainName();
}
