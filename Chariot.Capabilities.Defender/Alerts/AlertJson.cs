using System.Text.Json.Serialization;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>Source-generated JSON of the alert checkpoint (camelCase, as every checkpoint of this plugin is saved).</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AlertCheckpoint))]
[JsonSerializable(typeof(OpenAlertText))]
internal sealed partial class AlertJson : JsonSerializerContext;
