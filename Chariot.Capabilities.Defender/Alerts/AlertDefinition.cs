using System.Text;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// A detection's definition file (<c>definitions/{name}</c>, never overwriting one Chariot has): the alert's description,
/// what it is (category, MITRE ATT&amp;CK techniques, the detection and service sources), Microsoft's recommended actions,
/// and a MITRE link per technique. Made from the first alert of a title a sync meets.
/// </summary>
internal static class AlertDefinition
{
    public static RiskDefinition From(GraphAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var impact = new StringBuilder();
        Fact(impact, "Category", alert.Category);
        Fact(impact, "MITRE ATT&CK techniques", alert.MitreTechniques is { Count: > 0 } techniques ? string.Join(", ", techniques) : null);
        Fact(impact, "Detection source", alert.DetectionSource);
        Fact(impact, "Service source", alert.ServiceSource);
        var references = (alert.MitreTechniques ?? [])
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .Select(t => "https://attack.mitre.org/techniques/" + t.Trim().Replace('.', '/') + "/")
            .Distinct(StringComparer.OrdinalIgnoreCase);
        return new RiskDefinition(
            string.IsNullOrWhiteSpace(alert.Description) ? $"{alert.Title?.Trim()}: an alert of Microsoft Defender." : alert.Description.Trim(),
            impact.ToString().TrimEnd(),
            alert.RecommendedActions?.Trim() ?? "",
            string.Join("\n", references));
    }

    private static void Fact(StringBuilder text, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            text.Append(name).Append(": ").Append(value.Trim()).Append('\n');
        }
    }
}
