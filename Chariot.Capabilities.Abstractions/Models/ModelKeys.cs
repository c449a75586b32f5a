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

    /// <summary><c>#attribute#{name}#{value}{parentKey}</c>, the value shortened so the key stays within <see cref="MaxLength"/>.</summary>
    public static string Attribute(string name, string value, string parentKey)
    {
        ArgumentNullException.ThrowIfNull(value);
        var fixedLength = "#attribute#".Length + name.Length + 1 + parentKey.Length;
        var room = Math.Max(0, MaxLength - fixedLength);
        return $"#attribute#{name}#{value.AsSpan(0, Math.Min(room, value.Length))}{parentKey}";
    }

    /// <summary><c>#file#{name}</c>.</summary>
    public static string File(string name) => "#file#" + name;

    /// <summary><c>#job#{group}#{identifier}#{capability}</c>.</summary>
    public static string Job(string group, string identifier, string capability) =>
        string.Concat("#job#", group, "#", identifier, "#", capability);

    /// <summary>Whether an asset key has the shape <c>#asset#x#y</c> (two or more non-empty segments).</summary>
    public static bool IsValidAsset(string key) => AssetKey().IsMatch(key);

    /// <summary>Whether a risk key has the shape <c>#risk#dns#name</c>: exactly two non-empty segments.</summary>
    public static bool IsValidRisk(string key) => RiskKey().IsMatch(key);

    /// <summary>Whether an integration key has the shape <c>#integration#name#value</c> (two or more non-empty segments).</summary>
    public static bool IsValidIntegration(string key) => IntegrationKey().IsMatch(key);

    [GeneratedRegex(@"^#asset(#[^#]+){2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex AssetKey();

    [GeneratedRegex(@"^#risk#([^#]+)#([^#]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex RiskKey();

    [GeneratedRegex(@"^#integration(#[^#]+){2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegrationKey();
}
