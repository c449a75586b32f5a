using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Chariot.Capabilities.Defender.Alerts;
using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Devices;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Vulnerabilities;

namespace Chariot.Capabilities.Defender.Tests.Fuzz;

/// <summary>
/// A documented listing to fuzz: its page with <see cref="Records"/> distinct copies of the documented record, how
/// its records are read, and how the sync maps one (null when mapped, else why it is skipped, as the sync logs it).
/// </summary>
internal sealed record FuzzTarget<T>(string Name, ApiEndpoint Endpoint, JsonTypeInfo<T> Type, JsonObject Page, Func<T, string?> Id, Func<T, string?> Map)
{
    public const int Records = 3;

    /// <summary>The ids of the records left as documented when <paramref name="target"/> was mutated.</summary>
    public IEnumerable<string> UntouchedIds(int target) =>
        ((JsonArray)Page["value"]!).Where((_, i) => i != target).Select(r => (string)r!["id"]!);
}

/// <summary>The documented bodies (Chariot.Capabilities.Defender.Testing/Documented), as fuzz targets.</summary>
internal static class FuzzTargets
{
    public const string TenantId = "b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c";

    private static readonly Uri DefenderApi = new("https://api.securitycenter.microsoft.com");
    private static readonly ApiEndpoint MachinesEndpoint = new("machines", "Machine.Read.All", "WindowsDefenderATP", DefenderApi);
    private static readonly ApiEndpoint VulnerabilitiesEndpoint = new("vulnerabilities", "Vulnerability.Read.All", "WindowsDefenderATP", DefenderApi);
    private static readonly ApiEndpoint AlertsEndpoint = new("alerts", "SecurityAlert.Read.All", "Microsoft Graph", new Uri("https://graph.microsoft.com"));

    public static JsonObject Documented(string file)
    {
        using var stream = typeof(FakeDefenderTenant).Assembly.GetManifestResourceStream("Documented." + file)
            ?? throw new FileNotFoundException("not embedded", file);
        return JsonNode.Parse(stream)!.AsObject();
    }

    // The page with Records records made from its first ones, each told apart by distinct.
    private static JsonObject WithRecords(JsonObject page, Action<JsonObject, int> distinct)
    {
        var documented = (JsonArray)page["value"]!;
        var values = new JsonArray();
        for (var i = 0; i < FuzzTarget<object>.Records; i++)
        {
            var record = documented[i % documented.Count]!.DeepClone().AsObject();
            distinct(record, i);
            values.Add(record);
        }

        page["value"] = values;
        return page;
    }

    public static FuzzTarget<Machine> Machines() => new(
        "machines",
        MachinesEndpoint,
        DefenderJson.Default.Machine,
        WithRecords(Documented("mde-machines-list.json"), (r, i) =>
        {
            r["id"] = $"machine-{i}";
            r["computerDnsName"] = $"host{i}.contoso.com";

            // The list example leaves out the interfaces the Machine entity documents: added so they are fuzzed too.
            r["ipAddresses"] = new JsonArray(
                new JsonObject { ["ipAddress"] = $"10.0.0.{i + 1}", ["macAddress"] = "000D3A6B2C1E", ["operationalStatus"] = "Up" },
                new JsonObject { ["ipAddress"] = "fe80::c1d2:3e4f:5a6b:7c8d", ["macAddress"] = "000D3A6B2C1E", ["operationalStatus"] = "Up" });
        }),
        m => m.Id,
        m => MachineToAsset.Map(m, TenantId, out var problem) is { } mapped ? Keyed(mapped.Asset.Key, mapped.Attributes.Select(a => a.Key)) : problem);

    public static FuzzTarget<GraphAlert> Alerts() => new(
        "alerts",
        AlertsEndpoint,
        DefenderJson.Default.GraphAlert,
        WithRecords(Documented("graph-alerts_v2-list.json"), (r, i) => r["id"] = $"alert-{i}"),
        a => a.Id,
        a =>
        {
            // As the alert sync: a record without an id or a lastUpdateDateTime is skipped before mapping.
            if (a.LastUpdateDateTime is null || string.IsNullOrWhiteSpace(a.Id))
            {
                return $"alert {a.Id} has no id or no lastUpdateDateTime";
            }

            var mapped = AlertToRisk.Map(a, new DeviceDirectory(), "contoso.onmicrosoft.com", out var problem);
            return mapped is null ? problem : Keyed(mapped.Risk.Key, mapped.Attributes.Select(x => x.Key).Append(mapped.Proof.Key));
        });

    public static FuzzTarget<VulnerabilityRow> Rows() => new(
        "vulnerabilities",
        VulnerabilitiesEndpoint,
        DefenderJson.Default.VulnerabilityRow,
        WithRecords(Documented("mde-SoftwareVulnerabilitiesByMachine.json"), (r, i) =>
        {
            // Documented rows are software inventory: each is given a CVE so that the mapping to a risk is fuzzed too.
            r["id"] = $"row-{i}";
            r["cveId"] = $"CVE-2021-{1000 + i}";
            r["vulnerabilitySeverityLevel"] = "High";
        }),
        r => r.Id,
        r =>
        {
            var risk = VulnerabilityToRisk.Map(r, new DeviceDirectory(), out var problem);
            _ = CveDefinition.FixOf(r);
            return risk is null ? problem : Keyed(risk.Key, []);
        });

    public static FuzzTarget<CveEntry> Catalogue() => new(
        "vulnerabilities",
        VulnerabilitiesEndpoint,
        DefenderJson.Default.CveEntry,
        WithRecords(Documented("mde-vulnerabilities-list.json"), (r, i) => r["id"] = $"CVE-2024-{7256 + i}"),
        c => c.Id,
        c =>
        {
            // As the definitions stream: a CVE the sync saw is matched by id, and its definition written as a file.
            var cve = (c.Id ?? "CVE-0000-0").ToUpperInvariant();
            _ = CveDefinition.From(cve, c, CveDefinition.FixOf(new VulnerabilityRow())).ToFile(cve).Key;
            return null;
        });

    // Keys are made as the emitter makes them, so a mapping that breaks there shows (one that cannot be a key is the
    // emitter's to drop: an attribute of a 30 KB host name has none).
    private static string? Keyed(string key, IEnumerable<string> more)
    {
        _ = more.Append(key).Sum(k => k.Length);
        return null;
    }
}
