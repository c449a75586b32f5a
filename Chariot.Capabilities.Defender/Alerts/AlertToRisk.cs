using System.Buffers;
using System.Text;
using CommunityToolkit.HighPerformance.Buffers;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Devices;
using Chariot.Capabilities.Defender.Mapping;
using Chariot.Capabilities.Emission;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// A Graph alert as Chariot risks, one per host its device evidence names (<see cref="AlertHosts"/>: as each device's asset
/// has it), else on the integration's value; <c>name</c> = the title by Chariot's rule, so the same detection on the same host is one risk;
/// <c>created</c> = the alert's <c>createdDateTime</c>;
/// severity informational/low/medium/high -> I/L/M/H (anything else I); state T for new / inProgress, R when resolved,
/// D + F when resolved as a false positive.
/// </summary>
internal static class AlertToRisk
{
    /// <summary>The alert on its first host (<see cref="AlertHosts"/>), or on the integration's value.</summary>
    public static MappedAlert? Map(GraphAlert alert, DeviceDirectory devices, string fallbackHost, out string? problem, ModelStamp? stamp = null) =>
        Map(alert, AlertHosts.Of(alert, devices, fallbackHost).First ?? fallbackHost, out problem, stamp);

    /// <summary>The alert on <paramref name="dns"/>: one of its hosts (<see cref="MappedAlert.OnHost"/> makes the others).</summary>
    public static MappedAlert? Map(GraphAlert alert, string dns, out string? problem, ModelStamp? stamp = null)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (string.IsNullOrWhiteSpace(alert.Id))
        {
            problem = "the alert has no id";
            return null;
        }

        if (string.IsNullOrWhiteSpace(alert.Title))
        {
            problem = $"alert {alert.Id} has no title";
            return null;
        }

        var risk = new Risk(dns, alert.Title.Trim(), StatusOf(alert))
        {
            Comment = alert.Description,
            Username = stamp?.Username ?? "", Created = alert.CreatedDateTime ?? stamp?.Now, Visited = stamp?.Now, Updated = stamp?.Now, Ttl = stamp?.Ttl ?? 0,
        };

        var attributes = new FactAttributes(risk, expected: 7 + (alert.MitreTechniques?.Count ?? 0), stamp);
        attributes.Add("defenderAlertId", alert.Id);
        attributes.Add("alertWebUrl", alert.AlertWebUrl);
        attributes.Add("incidentId", alert.IncidentId);
        attributes.Add("incidentWebUrl", alert.IncidentWebUrl);
        attributes.Add("serviceSource", alert.ServiceSource);
        attributes.Add("detectionSource", alert.DetectionSource);
        attributes.Add("category", alert.Category);
        attributes.AddEach("mitreTechnique", alert.MitreTechniques);

        problem = null;
        return new MappedAlert(risk, attributes.All, alert);
    }

    public static RiskStatus StatusOf(GraphAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var severity = alert.Severity?.ToLowerInvariant() switch
        {
            "low" => Severity.Low,
            "medium" => Severity.Medium,
            "high" => Severity.High,
            _ => Severity.Info,
        };
        var resolved = string.Equals(alert.Status, "resolved", StringComparison.OrdinalIgnoreCase);
        if (resolved && string.Equals(alert.Classification, "falsePositive", StringComparison.OrdinalIgnoreCase))
        {
            return new RiskStatus(RiskState.Deleted, severity, RiskSubState.FalsePositive);
        }

        return new RiskStatus(resolved ? RiskState.Remediated : RiskState.Triage, severity);
    }

    /// <summary>The alert's evidence summary, as a risk's proof carries it (made only for a proof that is sent or held).</summary>
    public static byte[] EvidenceSummary(GraphAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        using var text = new ArrayPoolBufferWriter<byte>();
        text.Write("Microsoft Defender alert "u8);
        Encoding.UTF8.GetBytes(alert.Id, text);
        text.Write("\n"u8);
        if (alert.AlertWebUrl is { Length: > 0 } url)
        {
            Encoding.UTF8.GetBytes(url, text);
            text.Write("\n"u8);
        }

        if (alert.MitreTechniques is { Count: > 0 } techniques)
        {
            text.Write("MITRE ATT&CK: "u8);
            for (var i = 0; i < techniques.Count; i++)
            {
                text.Write(i > 0 ? ", "u8 : []);
                Encoding.UTF8.GetBytes(techniques[i], text);
            }

            text.Write("\n"u8);
        }

        // The evidence lines were written as the alert was read.
        text.Write("Evidence:\n"u8);
        if (alert.Evidence is { } evidence)
        {
            text.Write(evidence.Summary.Span);
        }

        return text.WrittenSpan.ToArray();
    }
}
