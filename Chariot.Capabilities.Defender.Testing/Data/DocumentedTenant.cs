using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chariot.Capabilities.Defender.Testing.Data;

/// <summary>
/// A tenant made of Microsoft's documented example bodies (the files under <c>Documented/</c>, byte-identical to
/// the published samples), so a client can be checked against exactly what the documentation shows.
/// </summary>
internal static class DocumentedTenant
{
    public const string AlertsFile = "graph-alerts_v2-list.json";
    public const string MachinesFile = "mde-machines-list.json";
    public const string VulnerabilitiesFile = "mde-vulnerabilities-list.json";
    public const string ByMachineFile = "mde-SoftwareVulnerabilitiesByMachine.json";

    /// <summary>The documented files this package embeds, by file name.</summary>
    public static IReadOnlyList<string> EmbeddedFileNames() =>
        [.. typeof(DocumentedTenant).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("Documented.", StringComparison.Ordinal))
            .Select(name => name["Documented.".Length..])];

    public static byte[] ReadEmbedded(string fileName)
    {
        using var stream = typeof(DocumentedTenant).Assembly.GetManifestResourceStream("Documented." + fileName)
            ?? throw new FileNotFoundException($"The package does not embed the documented example '{fileName}'.", fileName);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static TenantData Load(Func<string, byte[]> readFile, DateTimeOffset now)
    {
        var machines = Values(readFile(MachinesFile)).Select(item => item.Deserialize<FakeMachine>(TenantJson.Options)!).ToList();
        var cves = Values(readFile(VulnerabilitiesFile)).Select(item => item.Deserialize<FakeCve>(TenantJson.Options)!).ToList();
        var rows = Values(readFile(ByMachineFile)).Select(item => item.Deserialize<FakeVulnerabilityRow>(TenantJson.Options)!).ToList();
        var alerts = Values(readFile(AlertsFile)).Select(ToStoredAlert).ToList();
        return new TenantData(
            new ListSource<FakeMachine>(machines),
            id => machines.FindIndex(machine => machine.Id == id) is var index and >= 0 ? index : null,
            new ListSource<FakeCve>(cves),
            new ListSource<FakeVulnerabilityRow>(rows),
            deviceId => Enumerable.Range(0, rows.Count).Where(i => rows[i].DeviceId == deviceId).Select(i => (long)i),
            alerts,
            now);
    }

    private static IEnumerable<JsonElement> Values(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("value").EnumerateArray().Select(item => item.Clone())];
    }

    private static StoredAlert ToStoredAlert(JsonElement element)
    {
        var document = JsonNode.Parse(element.GetRawText())!.AsObject();
        var deviceIds = element.TryGetProperty("evidence", out var evidence)
            ? evidence.EnumerateArray()
                .Where(item => item.TryGetProperty("@odata.type", out var type) && type.GetString() == "#microsoft.graph.security.deviceEvidence")
                .Select(item => item.GetProperty("mdeDeviceId").GetString()!)
                .ToList()
            : [];
        var alert = new FakeAlert(
            element.GetProperty("id").GetString()!,
            element.GetProperty("title").GetString()!,
            element.GetProperty("severity").GetString()!,
            element.GetProperty("status").GetString()!,
            element.GetProperty("serviceSource").GetString()!,
            element.GetProperty("createdDateTime").GetDateTimeOffset(),
            element.GetProperty("lastUpdateDateTime").GetDateTimeOffset())
        {
            Classification = element.GetProperty("classification").GetString(),
            Determination = element.GetProperty("determination").GetString(),
            AssignedTo = element.GetProperty("assignedTo").GetString(),
            DeviceIds = deviceIds,
        };
        return new StoredAlert(alert, document);
    }

    internal static Func<string, byte[]> FromDirectory(string directory) =>
        fileName => File.ReadAllBytes(Path.Combine(directory, fileName));

}
