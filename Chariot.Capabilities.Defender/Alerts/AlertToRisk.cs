using System.Buffers;
using System.Text;
using Microsoft.Extensions.ObjectPool;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Devices;
using Chariot.Capabilities.Defender.Mapping;
using Chariot.Capabilities.Emission;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// A Graph alert as a Chariot risk: <c>dns</c> = the first device evidence's host (as its asset has it), else the
/// integration's value; <c>name</c> = the title by Chariot's rule, so the same detection on the same host is one risk;
/// severity informational/low/medium/high -> I/L/M/H (anything else I); state T for new / inProgress, R when resolved,
/// D + F when resolved as a false positive.
/// </summary>
internal static class AlertToRisk
{
    private const int MaxEvidenceLines = 50;

    public static MappedAlert? Map(GraphAlert alert, DeviceDirectory devices, string fallbackHost, out string? problem, ModelStamp? stamp = null)
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

        var device = FirstDevice(alert);
        var dns = devices.HostOf(device?.MdeDeviceId) ?? DeviceDirectory.NormalizeHost(device?.DeviceDnsName) ?? fallbackHost;
        var risk = new Risk(dns, alert.Title.Trim(), StatusOf(alert))
        {
            Comment = alert.Description,
            Username = stamp?.Username ?? "", Created = stamp?.Now, Visited = stamp?.Now, Updated = stamp?.Now, Ttl = stamp?.Ttl ?? 0,
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

    // The evidence items: a null one (JSON does not forbid it, the parser keeps it) is no evidence, not a reason to fail.
    // Read by index: every alert is mapped, and an enumerator per pass is a sizeable part of what mapping one allocates.
    private static GraphEvidence? FirstDevice(GraphAlert alert)
    {
        var evidence = alert.Evidence ?? [];
        for (var i = 0; i < evidence.Count; i++)
        {
            if (evidence[i] is { IsDevice: true } e && (e.MdeDeviceId is not null || e.DeviceDnsName is not null))
            {
                return e;
            }
        }

        return null;
    }

    // Builders kept between alerts (the summary is built for every one), up to 64 K characters: 50 evidence lines fit.
    private static readonly ObjectPool<StringBuilder> Builders =
        new DefaultObjectPoolProvider().Create(new StringBuilderPooledObjectPolicy { MaximumRetainedCapacity = 64 * 1024 });

    /// <summary>The alert's evidence summary, as a risk's proof carries it (made only for a proof that is sent or held).</summary>
    public static byte[] EvidenceSummary(GraphAlert alert)
    {
        var text = Builders.Get();
        try
        {
            text.Append("Microsoft Defender alert ").Append(alert.Id).Append('\n');
            if (alert.AlertWebUrl is { Length: > 0 } url)
            {
                text.Append(url).Append('\n');
            }

            if (alert.MitreTechniques is { Count: > 0 } techniques)
            {
                text.Append("MITRE ATT&CK: ");
                AppendJoined(text, ", ", techniques);
                text.Append('\n');
            }

            text.Append("Evidence:\n");
            var evidence = alert.Evidence ?? [];
            for (int i = 0, lines = 0; i < evidence.Count && lines < MaxEvidenceLines; i++)
            {
                if (evidence[i] is { } item)
                {
                    Describe(text, item);
                    lines++;
                }
            }

            // Encoded from a pooled copy of the characters: the summary is only ever needed as UTF-8.
            var chars = ArrayPool<char>.Shared.Rent(text.Length);
            try
            {
                text.CopyTo(0, chars, 0, text.Length);
                return Encoding.UTF8.GetBytes(chars, 0, text.Length);
            }
            finally
            {
                ArrayPool<char>.Shared.Return(chars);
            }
        }
        finally
        {
            Builders.Return(text);
        }
    }

    // "- {kind}: {detail, trimmed} [{verdict}]", appended in place: an alert has dozens of evidence lines.
    private static void Describe(StringBuilder text, GraphEvidence e)
    {
        var kind = e.ODataType is { } type ? type.AsSpan(type.LastIndexOf('.') + 1) : "evidence";
        text.Append("- ").Append(kind).Append(": ");
        var start = text.Length;
        switch (kind)
        {
            case "deviceEvidence":
                text.Append(e.DeviceDnsName).Append(" (").Append(e.MdeDeviceId).Append(") ");
                AppendJoined(text, " ", e.IpInterfaces ?? []);
                break;
            case "fileEvidence":
                text.Append(e.FileDetails?.FilePath).Append('\\').Append(e.FileDetails?.FileName).Append(" sha256 ").Append(e.FileDetails?.Sha256);
                break;
            case "processEvidence":
                text.Append(e.ProcessCommandLine);
                break;
            case "ipEvidence":
                text.Append(e.IpAddress);
                break;
            case "urlEvidence":
                text.Append(e.Url);
                break;
            case "userEvidence":
                text.Append(e.UserAccount?.DomainName).Append('\\').Append(e.UserAccount?.AccountName);
                break;
        }

        TrimFrom(text, start);
        text.Append(" [").Append(e.Verdict).Append("]\n");
    }

    // StringBuilder.AppendJoin over a list, by index (AppendJoin enumerates through the interface, one enumerator a call).
    private static void AppendJoined(StringBuilder text, string separator, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                text.Append(separator);
            }

            text.Append(values[i]);
        }
    }

    // Trims white space from the text appended since start, as string.Trim would.
    private static void TrimFrom(StringBuilder text, int start)
    {
        var end = text.Length;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        text.Length = end;
        var first = start;
        while (first < end && char.IsWhiteSpace(text[first]))
        {
            first++;
        }

        text.Remove(start, first - start);
    }
}
