using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Chariot.Capabilities.Models;

/// <summary>Tabularium's asset class inference (<c>GetClass</c>) and its <c>IsPrivate</c>, ported rule for rule.</summary>
internal static partial class AssetClassifier
{
    // Second-level public suffixes under which a registrable domain has three labels. Tabularium asks the full public
    // suffix list; no maintained .NET package of it is served here, so the common ICANN ones are listed instead.
    private static readonly HashSet<string> MultiLabelSuffixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk", "net.uk", "com.au", "net.au", "org.au",
        "edu.au", "gov.au", "co.nz", "org.nz", "net.nz", "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "com.br",
        "net.br", "org.br", "com.cn", "net.cn", "org.cn", "com.mx", "co.in", "net.in", "org.in", "co.za", "com.sg",
        "com.tr", "co.kr", "or.kr", "com.hk", "com.tw", "co.il", "com.ar", "com.co", "com.my", "co.id", "co.th",
        "com.ph", "com.vn", "com.pk", "com.sa", "com.eg", "com.ng", "co.ke", "com.ua", "com.pl", "co.at", "or.at",
    };

    // Names that are not ICANN top-level domains (RFC 2606, RFC 6761, common private use): never a "tld" class.
    private static readonly HashSet<string> NonIcannTopLevels = new(StringComparer.OrdinalIgnoreCase)
    {
        "local", "localhost", "localdomain", "internal", "lan", "home", "corp", "intranet", "private", "test",
        "example", "invalid", "onion", "home.arpa",
    };

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

        if (TryParseIp(name, out var ip))
        {
            return ip.AddressFamily == AddressFamily.InterNetwork || ip.IsIPv4MappedToIPv6 ? "ipv4" : "ipv6";
        }

        if (TryParseCidr(dns, out _))
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
            return TryParseIp(name, out var ip) && IsRfc1918OrUniqueLocal(ip);
        }

        if (@class.StartsWith("cidr", StringComparison.Ordinal))
        {
            return TryParseCidr(name, out var network) && IsRfc1918OrUniqueLocal(network.BaseAddress);
        }

        return false;
    }

    /// <summary>Parses an address as Go's <c>net.ParseIP</c> does: dotted-quad IPv4 or IPv6, no zone, no short forms.</summary>
    public static bool TryParseIp(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrEmpty(text) || text.Contains('%', StringComparison.Ordinal))
        {
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (!IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = v6;
            return true;
        }

        if (!DottedQuad().IsMatch(text) || !IPAddress.TryParse(text, out var v4))
        {
            return false;
        }

        address = v4;
        return true;
    }

    /// <summary>Parses <c>ip/prefix</c> as Go's <c>net.ParseCIDR</c> does (host bits allowed), keeping the network address.</summary>
    public static bool TryParseCidr(string text, out IPNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !TryParseIp(text[..slash], out var ip))
        {
            return false;
        }

        var prefixText = text[(slash + 1)..];
        var max = ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (prefixText.Length is 0 or > 3 || !prefixText.All(char.IsAsciiDigit) ||
            !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > max)
        {
            return false;
        }

        network = new IPNetwork(Mask(ip, prefix), prefix);
        return true;
    }

    private static IPAddress Mask(IPAddress ip, int prefix)
    {
        var bytes = ip.GetAddressBytes();
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
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

    private static bool IsRegistrableDomain(string dns)
    {
        if (dns.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        var labels = dns.Split('.');
        var topLevel = labels[^1];
        if (NonIcannTopLevels.Contains(topLevel))
        {
            return false;
        }

        return labels.Length == 2 || (labels.Length == 3 && MultiLabelSuffixes.Contains(labels[1] + "." + labels[2]));
    }

    [GeneratedRegex("^arn:aws:", RegexOptions.CultureInvariant)]
    private static partial Regex AwsArn();

    [GeneratedRegex("^(s3://)([^/]+)/?$", RegexOptions.CultureInvariant)]
    private static partial Regex S3Uri();

    [GeneratedRegex(@"^(https?://)?((xn--[a-zA-Z0-9-]+|[a-zA-Z0-9-]+)\.)+([a-zA-Z]{2,})$", RegexOptions.CultureInvariant)]
    private static partial Regex DomainName();

    [GeneratedRegex(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedQuad();
}
