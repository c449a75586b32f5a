using System.Text;

namespace Chariot.Capabilities.Models;

/// <summary>
/// Go's <c>idna.ToASCII</c> (golang.org/x/net/idna's <c>Punycode</c> profile), which tabularium's asset hook applies to
/// an asset's dns and name (<c>asset.go</c>): each dot-separated label holding a non-ASCII character becomes
/// <c>xn--</c> + its RFC 3492 Punycode, as given: no case mapping, normalisation or validation (the profile has none).
/// <see cref="System.Globalization.IdnMapping"/> is not the same function: it applies UTS #46 mapping and validation
/// (lower-casing, NFC, rejecting some characters), so a name would not match the one Chariot's Go side computes.
/// </summary>
/// <remarks>
/// A label already in ACE form (<c>xn--...</c>) is kept as given. Go decodes and re-encodes it, which gives the same label
/// for every valid lower-case one; for an invalid one Go's hook fails and the asset gets no key.
/// </remarks>
internal static class GoIdna
{
    private const int Base = 36, TMin = 1, TMax = 26, Skew = 38, Damp = 700, InitialBias = 72, InitialN = 128;

    /// <summary>The ASCII form of a host name.</summary>
    public static string ToAscii(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Ascii.IsValid(name))
        {
            return name;
        }

        var output = new StringBuilder(name.Length * 2);
        var start = 0;
        while (true)
        {
            var dot = name.IndexOf('.', start);
            var label = name.AsSpan(start, (dot < 0 ? name.Length : dot) - start);
            if (Ascii.IsValid(label))
            {
                output.Append(label);
            }
            else
            {
                output.Append("xn--");
                Encode(label, output);
            }

            if (dot < 0)
            {
                return output.ToString();
            }

            output.Append('.');
            start = dot + 1;
        }
    }

    // RFC 3492 section 6.3, as Go's idna encode writes it (code points as runes; a lone surrogate is U+FFFD, as Go reads
    // invalid UTF-8). Host names are short: the overflow Go checks for needs labels of millions of characters.
    private static void Encode(ReadOnlySpan<char> label, StringBuilder output)
    {
        var runes = new List<int>(label.Length);
        foreach (var rune in label.EnumerateRunes())
        {
            runes.Add(rune.Value);
        }

        var basic = 0;
        foreach (var r in runes)
        {
            if (r < 0x80)
            {
                output.Append((char)r);
                basic++;
            }
        }

        if (basic > 0)
        {
            output.Append('-');
        }

        long delta = 0;
        int n = InitialN, bias = InitialBias, handled = basic;
        while (handled < runes.Count)
        {
            var m = int.MaxValue;
            foreach (var r in runes)
            {
                if (r >= n && r < m)
                {
                    m = r;
                }
            }

            delta += (long)(m - n) * (handled + 1);
            n = m;
            foreach (var r in runes)
            {
                if (r < n)
                {
                    delta++;
                    continue;
                }

                if (r > n)
                {
                    continue;
                }

                var q = delta;
                for (var k = Base; ; k += Base)
                {
                    var t = k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;
                    if (q < t)
                    {
                        break;
                    }

                    output.Append(Digit(t + (int)((q - t) % (Base - t))));
                    q = (q - t) / (Base - t);
                }

                output.Append(Digit((int)q));
                bias = Adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled++;
            }

            delta++;
            n++;
        }
    }

    private static char Digit(int d) => (char)(d < 26 ? 'a' + d : '0' + d - 26);

    private static int Adapt(long delta, int points, bool first)
    {
        delta = first ? delta / Damp : delta / 2;
        delta += delta / points;
        var k = 0;
        while (delta > ((Base - TMin) * TMax) / 2)
        {
            delta /= Base - TMin;
            k += Base;
        }

        return (int)(k + (((Base - TMin + 1) * delta) / (delta + Skew)));
    }
}
