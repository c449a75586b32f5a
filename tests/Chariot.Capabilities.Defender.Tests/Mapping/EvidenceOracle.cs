using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chariot.Capabilities.Defender.Tests.Mapping;

/// <summary>
/// The evidence reading and summary as the plugin first did them, kept as the tests' oracle: System.Text.Json's built-in
/// reading into one record per item, then a line per item. The in-place reader must give the same device and the same
/// bytes, and fail where this fails.
/// </summary>
internal static class EvidenceOracle
{
    public static (string? DeviceId, string? DeviceDnsName, string Summary) Read(string evidenceArray)
    {
        var items = JsonSerializer.Deserialize(evidenceArray, OracleJson.Default.IReadOnlyListOracleEvidence) ?? [];
        var device = items.FirstOrDefault(e => e is { IsDevice: true } && (e.MdeDeviceId is not null || e.DeviceDnsName is not null));
        var text = new StringBuilder();
        foreach (var item in items.Where(e => e is not null).Take(50))
        {
            Describe(text, item);
        }

        return (device?.MdeDeviceId, device?.DeviceDnsName, text.ToString());
    }

    private static void Describe(StringBuilder text, OracleEvidence e)
    {
        var kind = e.ODataType is { } type ? type[(type.LastIndexOf('.') + 1)..] : "evidence";
        var detail = kind switch
        {
            "deviceEvidence" => $"{e.DeviceDnsName} ({e.MdeDeviceId}) {string.Join(' ', e.IpInterfaces ?? [])}",
            "fileEvidence" => $"{e.FileDetails?.FilePath}\\{e.FileDetails?.FileName} sha256 {e.FileDetails?.Sha256}",
            "processEvidence" => e.ProcessCommandLine,
            "ipEvidence" => e.IpAddress,
            "urlEvidence" => e.Url,
            "userEvidence" => $"{e.UserAccount?.DomainName}\\{e.UserAccount?.AccountName}",
            _ => "",
        };
        text.Append("- ").Append(kind).Append(": ").Append(detail?.Trim()).Append(" [").Append(e.Verdict).Append("]\n");
    }
}

internal sealed record OracleEvidence
{
    [JsonPropertyName("@odata.type")]
    public string? ODataType { get; set; }

    public string? DeviceDnsName { get; set; }

    public string? MdeDeviceId { get; set; }

    public IReadOnlyList<string?>? IpInterfaces { get; set; }

    public string? IpAddress { get; set; }

    public string? Url { get; set; }

    public string? ProcessCommandLine { get; set; }

    public OracleFile? FileDetails { get; set; }

    public OracleAccount? UserAccount { get; set; }

    public string? Verdict { get; set; }

    public bool IsDevice => ODataType?.EndsWith("deviceEvidence", StringComparison.OrdinalIgnoreCase) == true;
}

internal sealed record OracleFile
{
    public string? FileName { get; set; }

    public string? FilePath { get; set; }

    public string? Sha256 { get; set; }
}

internal sealed record OracleAccount
{
    public string? AccountName { get; set; }

    public string? DomainName { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(IReadOnlyList<OracleEvidence>))]
internal sealed partial class OracleJson : JsonSerializerContext;
