using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Chariot.Capabilities.Defender.Configuration;

namespace Chariot.Capabilities.Defender.Exposure;

/// <summary>
/// The advanced hunting query of internet-facing devices, one page of devices at a time. Each device's latest full
/// report is taken first and the flag read on it after (Microsoft's sample filters the flag first, which also returns
/// devices flagged at any time in the window and no longer facing); heartbeat reports carry no platform and are left
/// out, as in the <c>DeviceInfo</c> documentation's sample. Pages are keyed by device id: each asks for the devices after
/// the last one of the page before (<c>strcmp</c>), in id order, so a tenant with more devices than a result may hold is read whole.
/// </summary>
internal static class InternetFacingQuery
{
    /// <summary>The query of the page after <paramref name="afterDevice"/> (the first page when null), at most <paramref name="take"/> devices.</summary>
    public static string Page(string? afterDevice, int take)
    {
        // Kusto orders strings only through strcmp (its <, > compare numbers and dates: a string comparison is refused).
        return LatestFacing(afterDevice is null ? null : "| where strcmp(DeviceId, " + Literal(afterDevice) + ") > 0\n")
            .Append("| project DeviceId, DeviceName, Timestamp,\n")
            .Append("    Reason = tostring(AF.InternetFacingReason),\n")
            .Append("    PublicScannedIp = tostring(AF.InternetFacingPublicScannedIp),\n")
            .Append("    PublicScannedPort = toint(AF.InternetFacingPublicScannedPort),\n")
            .Append("    LocalIp = tostring(AF.InternetFacingLocalIp),\n")
            .Append("    LocalPort = toint(AF.InternetFacingLocalPort),\n")
            .Append("    Protocol = tostring(AF.InternetFacingTransportProtocol),\n")
            .Append("    LastSeen = todatetime(AF.InternetFacingLastSeen)\n")
            .Append("| order by DeviceId asc\n")
            .Append(CultureInfo.InvariantCulture, $"| take {take}")
            .ToString();
    }

    /// <summary>
    /// The query of a device facing the internet now on <paramref name="address"/> (its latest full report names it as the
    /// public address scanned): one row, or none.
    /// </summary>
    public static string FacingOn(string address) =>
        LatestFacing(before: null)
            .Append("| where tostring(AF.InternetFacingPublicScannedIp) =~ ").Append(Literal(address)).Append('\n') // an IPv6 address in any case
            .Append("| take 1\n")
            .Append("| project DeviceId, DeviceName, Timestamp")
            .ToString();

    // Each device's latest full report in the window, if it is internet facing, with AF its AdditionalFields;
    // before, a filter on the reports ahead of taking the latest (a page's start).
    private static StringBuilder LatestFacing(string? before) => new StringBuilder()
        .Append("DeviceInfo\n")
        .Append(CultureInfo.InvariantCulture, $"| where Timestamp > ago({(int)SyncTuning.HuntingWindow.TotalDays}d)\n")
        .Append("| where isnotempty(OSPlatform)\n")
        .Append(before)
        .Append("| summarize arg_max(Timestamp, *) by DeviceId\n")
        .Append("| where IsInternetFacing == true\n")
        .Append("| extend AF = parse_json(AdditionalFields)\n");

    /// <summary>The cheapest query that proves the permission: one report of the last day.</summary>
    public const string Probe = "DeviceInfo | take 1";

    /// <summary>The request body: the query, and the window the service reads (ISO 8601).</summary>
    public static HttpContent Body(string query, TimeSpan window)
    {
        var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("Query", query);
            writer.WriteString("Timespan", XmlConvert.ToString(window));
            writer.WriteEndObject();
        }

        // Bytes, so the retry pipeline can send the same body again.
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        return content;
    }

    // A Kusto string literal: double quotes, with backslash and quote escaped (a device id is hex; this holds for any text).
    private static string Literal(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
