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
[JsonSerializable(typeof(CveEntry))]
[JsonSerializable(typeof(MachineCve))]
[JsonSerializable(typeof(ExportFiles))]
[JsonSerializable(typeof(ApiErrorBody))]
internal sealed partial class DefenderJson : JsonSerializerContext
{
    /// <summary>
    /// A row of a full vulnerability listing (by machine or export), read without its <c>id</c> and <c>eventTimestamp</c>:
    /// only change rows use them, and the id, about a hundred characters and different on every row, was the largest text
    /// a large sync made (12% of what it allocated, for a million rows).
    /// </summary>
    /// <remarks>Made when first asked for: a static initializer here could run before the generated <c>Default</c>'s.</remarks>
    public static JsonTypeInfo<VulnerabilityRow> ListedVulnerabilityRow => s_listedRow ??= ListedRow();

    private static JsonTypeInfo<VulnerabilityRow>? s_listedRow;

    private static JsonTypeInfo<VulnerabilityRow> ListedRow()
    {
        var options = new JsonSerializerOptions(Default.Options)
        {
            TypeInfoResolver = Default.WithAddedModifier(static type =>
            {
                if (type.Type == typeof(VulnerabilityRow))
                {
                    foreach (var unread in type.Properties.Where(p => p.Name is "id" or "eventTimestamp").ToList())
                    {
                        type.Properties.Remove(unread);
                    }
                }
            }),
        };
        return (JsonTypeInfo<VulnerabilityRow>)options.GetTypeInfo(typeof(VulnerabilityRow));
    }
}
