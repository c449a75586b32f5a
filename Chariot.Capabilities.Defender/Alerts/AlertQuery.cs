using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Configuration;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>The server-side <c>$filter</c> of the alert sync: configured severities and statuses, and the watermark.</summary>
internal static class AlertQuery
{
    public static string? Build(DefenderSettings settings, AlertCheckpoint? checkpoint)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string?[] clauses =
        [
            ODataLiteral.AnyOf("severity", settings.AlertSeverities),
            ODataLiteral.AnyOf("status", settings.AlertStatuses),
            checkpoint is null ? null : $"lastUpdateDateTime ge {ODataLiteral.DateTime(checkpoint.Time)}",
        ];
        var present = clauses.Where(c => c is not null).ToArray();
        return present.Length == 0 ? null : string.Join(" and ", present);
    }
}
