using System.Text.Json.Serialization;

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
internal sealed partial class DefenderJson : JsonSerializerContext;
