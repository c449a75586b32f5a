using System.Globalization;
using System.Text;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Vulnerabilities;

/// <summary>A CVE's definition file: description, CVSS and exploit facts, the fixing update, references.</summary>
internal static class CveDefinition
{
    public static RiskDefinition From(string cve, CveEntry? entry, string? fix)
    {
        var impact = new StringBuilder();
        if (entry?.CvssV3 is { } score)
        {
            impact.Append(CultureInfo.InvariantCulture, $"CVSS v3 {score:0.0}");
            impact.Append(entry.CvssVector is { Length: > 0 } vector ? $" ({vector}). " : ". ");
        }

        if (entry?.Severity is { Length: > 0 } severity)
        {
            impact.Append(CultureInfo.InvariantCulture, $"Defender severity: {severity}. ");
        }

        if (entry?.ExposedMachines is { } exposed)
        {
            impact.Append(CultureInfo.InvariantCulture, $"Exposed machines in the tenant: {exposed}. ");
        }

        if (entry is not null)
        {
            impact.Append(CultureInfo.InvariantCulture, $"Public exploit: {YesNo(entry.PublicExploit)}; verified: {YesNo(entry.ExploitVerified)}; in an exploit kit: {YesNo(entry.ExploitInKit)}.");
            if (entry.Epss is { } epss)
            {
                impact.Append(CultureInfo.InvariantCulture, $" EPSS: {epss:0.###}.");
            }
        }

        var references = new List<string> { $"https://nvd.nist.gov/vuln/detail/{cve}" };
        references.AddRange(entry?.ExploitUris ?? []);
        return new RiskDefinition(
            entry?.Description ?? $"{cve} was reported by Microsoft Defender Vulnerability Management.",
            impact.ToString().Trim(),
            fix ?? "Apply the vendor's security update for the affected software.",
            string.Join("\n", references.Distinct(StringComparer.OrdinalIgnoreCase)));
    }

    /// <summary>The fixing update of a row, as a recommendation line.</summary>
    public static string? FixOf(VulnerabilityRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var parts = new[] { row.RecommendedSecurityUpdate, row.RecommendedSecurityUpdateId, row.RecommendedSecurityUpdateUrl }
            .Where(p => !string.IsNullOrWhiteSpace(p))
            .ToArray();
        return parts.Length == 0 ? null : "Install " + string.Join(" - ", parts);
    }

    private static string YesNo(bool? value) => value switch
    {
        true => "yes",
        false => "no",
        null => "unknown",
    };
}
