using System.Text;
using System.Text.RegularExpressions;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Software;

/// <summary>
/// The CPE 2.3 name of a software inventory row, derived: Defender's rows carry none (<c>defender-apis-inventory.md</c>
/// section 1), but their vendor, name and version are NVD's own spelling (lower case, <c>_</c> for spaces), the spelling
/// Defender matches CVEs with. The part is <c>o</c> for an operating system (a name Defender uses for one: Windows, macOS,
/// a Linux distribution, iOS, Android), <c>a</c> otherwise; the other attributes are ANY. Each value is bound to the
/// formatted string as CPE 2.3 binds it (NISTIR 7695, 6.2): lower-cased, spaces as <c>_</c>, every character other
/// than an ASCII letter, digit, <c>_</c>, <c>.</c> or <c>-</c> quoted with <c>\</c>; an empty value is ANY.
/// </summary>
internal static partial class SoftwareCpe
{
    // Names Defender gives operating systems (its own inventory and NVD's CPE dictionary agree on these): Windows releases
    // (windows_10, windows_server_2022; not windows_defender or windows_media_player), macOS, Apple's and Google's
    // mobile systems, Chrome OS, Linux distributions and the kernel.
    [GeneratedRegex(@"^(windows_(\d|server|xp|vista|rt)|mac_os|macos$|iphone_os$|ipados$|android$|chrome_os$|linux_kernel$|\w+_linux$)", RegexOptions.CultureInvariant)]
    private static partial Regex OperatingSystem();

    public static Technology? Technology(string? vendor, string? name, string? version)
    {
        if (Bound(name) is not { } product)
        {
            return null; // no product: nothing to name
        }

        var part = IsOperatingSystem(name!) ? "o" : "a";
        var cpe = $"cpe:2.3:{part}:{Bound(vendor) ?? "*"}:{product}:{Bound(version) ?? "*"}:*:*:*:*:*:*:*";
        try
        {
            return new Technology(cpe) { Name = name!.Trim() };
        }
        catch (FormatException)
        {
            // A value ending in a backslash binds to "\\:", which the CPE reader (go-cpe's rule: one character looked
            // back) takes for a quoted colon: no technology tabularium would read back.
            return null;
        }
    }

    /// <summary>Whether Defender's name is an operating system's: part <c>o</c>.</summary>
    public static bool IsOperatingSystem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return OperatingSystem().IsMatch(name.Trim().ToLowerInvariant());
    }

    // A value as the formatted string holds it; null when there is none.
    private static string? Bound(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var bound = new StringBuilder(text.Length + 8);
        foreach (var c in text.ToLowerInvariant())
        {
            if (c == ' ')
            {
                bound.Append('_');
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')
            {
                bound.Append(c);
            }
            else
            {
                bound.Append('\\').Append(c);
            }
        }

        return bound.ToString();
    }
}
