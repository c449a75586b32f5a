using System.Text;
using System.Text.RegularExpressions;

namespace Chariot.Capabilities.Models;

/// <summary>Tabularium's key rules: how each model's key is built from its fields, and what a valid key looks like.</summary>
public static partial class ModelKeys
{
    /// <summary>The longest key Chariot stores.</summary>
    public const int MaxLength = 1024;

    /// <summary><c>#asset#{dns}#{name}</c>, lower-cased.</summary>
    public static string Asset(string dns, string name) =>
        string.Concat("#asset#", dns, "#", name).ToLowerInvariant();

    /// <summary><c>#risk#{dns}#{name}</c>, with the name already formatted (<see cref="Models.Risk.FormatName"/>).</summary>
    public static string Risk(string dns, string formattedName) => string.Concat("#risk#", dns, "#", formattedName);

    /// <summary><c>#integration#{name}#{value}</c>, case kept.</summary>
    public static string Integration(string name, string value) => string.Concat("#integration#", name, "#", value);

    /// <summary>
    /// <c>#attribute#{name}#{value}{parentKey}</c>, the value shortened as tabularium's attribute hook does
    /// (<c>attribute.go</c>): to <c>1024 - len("#attribute#{name}#%s{parentKey}")</c> UTF-8 bytes, so the key is at most
    /// 1,022 bytes (the template's <c>%s</c> counts). Empty when even an empty value cannot fit (tabularium fails there),
    /// see <see cref="AttributeFits"/>.
    /// </summary>
    public static string Attribute(string name, string value, string parentKey)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(parentKey);
        var room = AttributeRoom(name, parentKey);
        return room < 0 ? "" : string.Concat("#attribute#", name, "#", GoPrefix(value, room), parentKey);
    }

    /// <summary>Whether an attribute of this name fits under this parent key at all (tabularium panics when it does not).</summary>
    public static bool AttributeFits(string name, string parentKey) => AttributeRoom(name, parentKey) >= 0;

    /// <summary>Whether an attribute's key holds its whole value (tabularium shortens none of it).</summary>
    internal static bool AttributeKeepsValue(string name, string value, string parentKey)
    {
        var room = AttributeRoom(name, parentKey);
        return room >= 0 && FitsWhole(value, room);
    }

    private static int AttributeRoom(string name, string parentKey) =>
        MaxLength - ("#attribute#".Length + Encoding.UTF8.GetByteCount(name) + "#%s".Length + Encoding.UTF8.GetByteCount(parentKey));

    /// <summary><c>#file#{name}</c>.</summary>
    public static string File(string name) => "#file#" + name;

    /// <summary>
    /// <c>#job#{group}#{identifier}#{capability}</c>, the group shortened as tabularium's job hook does (<c>job.go</c>): to
    /// <c>1024 - len("#job#%s#{identifier}#{capability}")</c> UTF-8 bytes. Empty when the template alone is longer than
    /// 1,024 bytes (tabularium then leaves the key unset).
    /// </summary>
    public static string Job(string group, string identifier, string capability)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(capability);
        var template = "#job#%s#".Length + Encoding.UTF8.GetByteCount(identifier) + 1 + Encoding.UTF8.GetByteCount(capability);
        return template > MaxLength ? "" : string.Concat("#job#", GoPrefix(group, MaxLength - template), "#", identifier, "#", capability);
    }

    /// <summary>
    /// Go's <c>text[:min(bytes, len(text))]</c> as Go's JSON encoder then writes it: the first <paramref name="bytes"/>
    /// UTF-8 bytes of <paramref name="text"/>, each byte of a character cut in two written as U+FFFD.
    /// </summary>
    internal static string GoPrefix(string text, int bytes)
    {
        if (FitsWhole(text, bytes))
        {
            return text;
        }

        var utf8 = Encoding.UTF8.GetBytes(text);
        var end = bytes;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80)
        {
            // utf8[end] continues a character: step back to where that character starts.
            end--;
        }

        // The bytes from end to the cut are a character's first bytes without the rest: Go writes each as U+FFFD.
        return string.Concat(Encoding.UTF8.GetString(utf8, 0, end), new string('\uFFFD', bytes - end));
    }

    // Whether the text's UTF-8 takes at most this many bytes (counted only when three bytes a UTF-16 unit may not fit).
    private static bool FitsWhole(string text, int bytes) => text.Length * 3 <= bytes || Encoding.UTF8.GetByteCount(text) <= bytes;

    /// <summary>Whether an asset key has the shape <c>#asset#x#y</c> (two or more non-empty segments).</summary>
    public static bool IsValidAsset(string key) => AssetKey().IsMatch(key);

    /// <summary>Whether a risk key has the shape <c>#risk#dns#name</c>: exactly two non-empty segments.</summary>
    public static bool IsValidRisk(string key) => RiskKey().IsMatch(key);

    /// <summary>Whether an integration key has the shape <c>#integration#name#value</c> (two or more non-empty segments).</summary>
    public static bool IsValidIntegration(string key) => IntegrationKey().IsMatch(key);

    /// <summary>Whether a technology key has tabularium's shape: <c>#technology#cpe:2.3</c> and eleven non-empty attributes.</summary>
    public static bool IsValidTechnology(string key) => TechnologyKey().IsMatch(key);

    [GeneratedRegex(@"^#technology#cpe:2\.3(:[^:]+){11}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TechnologyKey();

    [GeneratedRegex(@"^#asset(#[^#]+){2,}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AssetKey();

    [GeneratedRegex(@"^#risk#([^#]+)#([^#]+)\z", RegexOptions.CultureInvariant)]
    private static partial Regex RiskKey();

    [GeneratedRegex(@"^#integration(#[^#]+){2,}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IntegrationKey();
}
