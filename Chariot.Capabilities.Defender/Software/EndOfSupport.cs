using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Emission;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Software;

/// <summary>
/// Software past its end of support as a risk on its host, beside the CVEs it will never get fixes for: named
/// <c>end-of-support-{vendor}-{product}</c> (one per product on a host, whichever version), triage, high when the whole
/// product is out of support (<c>EOS Software</c>), medium when only this version is (<c>EOS Version</c>); an upcoming end
/// is not a risk yet.
/// </summary>
internal static class EndOfSupport
{
    public static Risk? RiskOf(SoftwareRow row, string dns, ModelStamp? stamp = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        var severity = row.EndOfSupportStatus?.Trim() switch
        {
            "EOS Software" => Severity.High,
            "EOS Version" => Severity.Medium,
            _ => (Severity?)null,
        };
        if (severity is not { } level || string.IsNullOrWhiteSpace(row.SoftwareName))
        {
            return null;
        }

        var product = Product(row);
        var since = string.IsNullOrWhiteSpace(row.EndOfSupportDate) ? "" : $" since {row.EndOfSupportDate.Trim()}";
        return new Risk(dns, "End of support " + product, RiskStatus.Triage(level))
        {
            Comment = $"{product} {row.SoftwareVersion?.Trim()}: {row.EndOfSupportStatus!.Trim()}{since} (Microsoft Defender Vulnerability Management).",
            Username = stamp?.Username ?? "", Created = stamp?.Now, Visited = stamp?.Now, Updated = stamp?.Now, Ttl = stamp?.Ttl ?? 0,
        };
    }

    /// <summary>The definition of such a risk: what it means, why it matters, what to do.</summary>
    public static RiskDefinition Definition(SoftwareRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var product = Product(row);
        return new RiskDefinition(
            $"{product} has reached its end of support (Microsoft Defender Vulnerability Management: {row.EndOfSupportStatus?.Trim()}): its vendor ships no more security updates for it.",
            "Vulnerabilities found in it from now on will not be fixed, and those known stay exploitable.",
            "Upgrade to a version its vendor supports, or remove it.",
            "https://learn.microsoft.com/defender-vulnerability-management/tvm-end-of-support-software");
    }

    // "vendor name", as the risk's name, comment and definition say it.
    private static string Product(SoftwareRow row) => $"{row.SoftwareVendor?.Trim()} {row.SoftwareName?.Trim()}".Trim();
}
