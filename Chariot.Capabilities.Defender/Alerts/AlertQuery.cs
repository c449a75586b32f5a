using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Configuration;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>The server-side <c>$filter</c> of the alert sync: configured severities, statuses and service sources, and a time window.</summary>
internal static class AlertQuery
{
    /// <summary>
    /// Alerts of the configured severities and statuses last updated from <paramref name="from"/> up to
    /// <paramref name="until"/>, both inclusive.
    /// </summary>
    public static string Build(DefenderSettings settings, DateTimeOffset from, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ODataLiteral.AllOf(
            ODataLiteral.AnyOf("severity", settings.AlertSeverities),
            ODataLiteral.AnyOf("status", settings.AlertStatuses),
            ODataLiteral.AnyOf("serviceSource", settings.AlertServiceSources),
            $"lastUpdateDateTime ge {ODataLiteral.DateTime(from)}",
            $"lastUpdateDateTime le {ODataLiteral.DateTime(until)}")!;
    }
}
