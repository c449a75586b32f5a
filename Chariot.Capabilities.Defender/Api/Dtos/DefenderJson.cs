using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Chariot.Capabilities.Defender.Api.Dtos;

/// <summary>
/// Source-generated JSON for every body this plugin reads: names match case-insensitively (the export and the by-machine
/// API disagree on casing), numbers may come as strings, and unknown fields are ignored.
/// </summary>
/// <remarks>
/// The bodies' records have settable properties, not init-only ones: the generated reader then creates each with its
/// default constructor and sets what it reads, instead of gathering every property into an argument array (boxing the
/// timestamps) for each of the millions of rows and alerts a sync reads.
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(GraphAlert))]
[JsonSerializable(typeof(Machine))]
[JsonSerializable(typeof(VulnerabilityRow))]
[JsonSerializable(typeof(SoftwareRow))]
[JsonSerializable(typeof(InternetFacingRow))]
[JsonSerializable(typeof(CveEntry))]
[JsonSerializable(typeof(MachineCve))]
[JsonSerializable(typeof(ExportFiles))]
[JsonSerializable(typeof(ApiErrorBody))]
internal sealed partial class DefenderJson : JsonSerializerContext
{
    /// <summary>
    /// A row of a full vulnerability listing (by machine or export), read for what mapping it needs (<see cref="ListedRowFields"/>):
    /// its <c>id</c>, event time, status and software are for change rows only, and reading them cost a large sync more
    /// than a tenth of what it allocated (the id, about a hundred characters, differs on every row) and a string-pool
    /// lookup each.
    /// </summary>
    /// <remarks>Made when first asked for: a static initializer here could run before the generated <c>Default</c>'s.</remarks>
    public static JsonTypeInfo<VulnerabilityRow> ListedVulnerabilityRow => s_listedRow ??= ListedRow();

    /// <summary>The fields a row of a full listing is read for: the device, the CVE and its severity, the fix.</summary>
    public static IReadOnlySet<string> ListedRowFields { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "deviceId", "deviceName", "cveId", "vulnerabilitySeverityLevel", "cvssScore",
        "recommendedSecurityUpdate", "recommendedSecurityUpdateId", "recommendedSecurityUpdateUrl",
    };

    private static JsonTypeInfo<VulnerabilityRow>? s_listedRow;

    private static JsonTypeInfo<VulnerabilityRow> ListedRow()
    {
        var options = new JsonSerializerOptions(Default.Options)
        {
            TypeInfoResolver = Default.WithAddedModifier(static type =>
            {
                if (type.Type == typeof(VulnerabilityRow))
                {
                    foreach (var unread in type.Properties.Where(p => !ListedRowFields.Contains(p.Name)).ToList())
                    {
                        type.Properties.Remove(unread);
                    }
                }
            }),
        };
        return (JsonTypeInfo<VulnerabilityRow>)options.GetTypeInfo(typeof(VulnerabilityRow));
    }
}
