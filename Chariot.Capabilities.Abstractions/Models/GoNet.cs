using System.Net;

namespace Chariot.Capabilities.Models;

/// <summary>
/// Addresses read as Go reads them (tabularium classifies with <c>net.ParseIP</c> and <c>net.ParseCIDR</c>, which parse
/// with <c>netip.ParseAddr</c>): IPv4 as exactly four decimal fields of 0-255 with no leading zero (<c>010.0.0.1</c> is
/// not an address, where <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> reads it as octal), IPv6 in colon
/// groups of at most four hex digits with at most one <c>::</c> and an IPv4 tail only in the last 32 bits.
/// </summary>
internal static class GoNet
{
    /// <summary>Go's <c>net.ParseIP</c>: an address, with no zone.</summary>
    public static bool TryParseIp(string text, out IPAddress address) => TryParseAddress(text, allowZone: false, out address);

    /// <summary>Go's <c>netip.ParseAddr</c>; with <paramref name="allowZone"/> false, an address with a zone is refused.</summary>
    public static bool TryParseAddress(string text, bool allowZone, out IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(text);
        address = IPAddress.None;
        Span<byte> v4 = stackalloc byte[4];
        foreach (var c in text)
        {
            switch (c)
            {
                case '.':
                    if (!TryParseV4(text, v4))
                    {
                        return false;
                    }

                    address = new IPAddress(v4);
                    return true;
                case ':':
                    return TryParseV6(text, allowZone, out address);
                case '%':
                    return false;
            }
        }

        return false;
    }

    /// <summary>Go's <c>net.ParseCIDR</c>: <c>address/bits</c>, bits in decimal (leading zeros allowed) up to the address size.</summary>
    public static bool TryParseCidr(string text, out IPNetwork network)
    {
        ArgumentNullException.ThrowIfNull(text);
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !TryParseAddress(text[..slash], allowZone: false, out var ip))
        {
            return false;
        }

        var bits = text.AsSpan(slash + 1);
        var max = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        var prefix = 0;
        foreach (var c in bits)
        {
            if (!char.IsAsciiDigit(c) || (prefix = (prefix * 10) + (c - '0')) > max)
            {
                return false;
            }
        }

        if (bits.IsEmpty)
        {
            return false;
        }

        network = new IPNetwork(Masked(ip, prefix), prefix);
        return true;
    }

    private static IPAddress Masked(IPAddress ip, int prefix)
    {
        var bytes = ip.GetAddressBytes();
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }

    // netip's parseIPv4Fields.
    private static bool TryParseV4(ReadOnlySpan<char> s, Span<byte> fields)
    {
        int value = 0, digits = 0, field = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c))
            {
                if (digits == 1 && value == 0)
                {
                    return false; // a leading zero
                }

                value = (value * 10) + (c - '0');
                digits++;
                if (value > 255)
                {
                    return false;
                }
            }
            else if (c == '.')
            {
                if (i == 0 || i == s.Length - 1 || s[i - 1] == '.' || field == 3)
                {
                    return false;
                }

                fields[field++] = (byte)value;
                value = 0;
                digits = 0;
            }
            else
            {
                return false;
            }
        }

        if (field < 3)
        {
            return false;
        }

        fields[3] = (byte)value;
        return true;
    }

    // netip's parseIPv6.
    private static bool TryParseV6(string text, bool allowZone, out IPAddress address)
    {
        address = IPAddress.None;
        var s = text.AsSpan();
        var percent = s.IndexOf('%');
        if (percent >= 0)
        {
            if (!allowZone || percent == s.Length - 1)
            {
                return false;
            }

            s = s[..percent];
        }

        Span<byte> ip = stackalloc byte[16];
        var ellipsis = -1;
        if (s.Length >= 2 && s[0] == ':' && s[1] == ':')
        {
            ellipsis = 0;
            s = s[2..];
            if (s.IsEmpty)
            {
                address = new IPAddress(ip);
                return true;
            }
        }

        var i = 0;
        while (i < 16)
        {
            var off = 0;
            var acc = 0;
            for (; off < s.Length && char.IsAsciiHexDigit(s[off]); off++)
            {
                if (off > 3)
                {
                    return false;
                }

                acc = (acc << 4) + (char.IsAsciiDigit(s[off]) ? s[off] - '0' : (s[off] | 0x20) - 'a' + 10);
            }

            if (off == 0)
            {
                return false;
            }

            if (off < s.Length && s[off] == '.')
            {
                if ((ellipsis < 0 && i != 12) || i + 4 > 16 || !TryParseV4(s, ip.Slice(i, 4)))
                {
                    return false;
                }

                s = default;
                i += 4;
                break;
            }

            ip[i] = (byte)(acc >> 8);
            ip[i + 1] = (byte)acc;
            i += 2;
            s = s[off..];
            if (s.IsEmpty)
            {
                break;
            }

            if (s[0] != ':' || s.Length == 1)
            {
                return false;
            }

            s = s[1..];
            if (s[0] == ':')
            {
                if (ellipsis >= 0)
                {
                    return false;
                }

                ellipsis = i;
                s = s[1..];
                if (s.IsEmpty)
                {
                    break;
                }
            }
        }

        if (!s.IsEmpty)
        {
            return false;
        }

        if (i < 16)
        {
            if (ellipsis < 0)
            {
                return false;
            }

            var n = 16 - i;
            for (var j = i - 1; j >= ellipsis; j--)
            {
                ip[j + n] = ip[j];
            }

            ip.Slice(ellipsis, n).Clear();
        }
        else if (ellipsis >= 0)
        {
            return false;
        }

        address = new IPAddress(ip);
        return true;
    }
}
