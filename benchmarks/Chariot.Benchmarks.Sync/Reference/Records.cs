using System.Text.Json.Serialization;

namespace Chariot.Benchmarks.Sync.Reference;

internal sealed record TokenAnswer([property: JsonPropertyName("access_token")] string AccessToken);

internal sealed record MachineRecord(string? Id, string? ComputerDnsName, string? LastIpAddress, string? OsPlatform, string? HealthStatus);

internal sealed record RowRecord(string? DeviceId, string? DeviceName, string? CveId, string? VulnerabilitySeverityLevel, string? SoftwareName);

internal sealed record CveRecord(string? Id, string? Severity, string? Description);

internal sealed record AlertRecord(string? Id, string? Title, string? Severity, string? Status, string? Description, DateTimeOffset? LastUpdateDateTime);

internal sealed record ExportAnswer(IReadOnlyList<string> ExportFiles);

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TokenAnswer))]
[JsonSerializable(typeof(MachineRecord))]
[JsonSerializable(typeof(RowRecord))]
[JsonSerializable(typeof(CveRecord))]
[JsonSerializable(typeof(AlertRecord))]
[JsonSerializable(typeof(ExportAnswer))]
internal sealed partial class ReferenceJson : JsonSerializerContext;
