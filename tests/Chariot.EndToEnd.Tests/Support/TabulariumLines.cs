using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chariot.Capabilities.Models;
using Chariot.Capabilities.Tests.Conformance;

namespace Chariot.EndToEnd.Tests.Support;

/// <summary>
/// Checks lines of a run against tabularium's rules: the fields Go writes and their JSON types (<see cref="GoShape"/>),
/// keys built as tabularium builds them, host names in ASCII, CVE names and titles upper-cased, a 30-day time to live,
/// and an attribute's parent written whole, as the parent itself was sent.
/// </summary>
internal static partial class TabulariumLines
{
    private static readonly TimeSpan TimeToLive = TimeSpan.FromDays(30);

    private static readonly Lazy<JsonElement> GoFields = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Conformance", "tabularium.json"))).RootElement.GetProperty("goFields"));

    public static IReadOnlyList<string> Problems(IReadOnlyList<Emitted> lines)
    {
        var problems = new List<string>();
        var sent = lines.Where(l => l.Type is "asset" or "risk").GroupBy(l => l.Key).ToDictionary(g => g.Key, g => g.First().Model, StringComparer.Ordinal);
        foreach (var (line, index) in lines.Select((l, i) => (l, i + 1)))
        {
            problems.AddRange(Check(line.Type, line.Model).Select(p => $"line {index}: {p}"));
            if (line.Type == "attribute")
            {
                var parent = line.Model.GetProperty("parent");
                var parentType = parent.GetProperty("type").GetString()!;
                var parentModel = parent.GetProperty("model");
                problems.AddRange(Check(parentType, parentModel).Select(p => $"line {index} parent: {p}"));
                if (parentModel.GetProperty("key").GetString() != line.Text("source"))
                {
                    problems.Add($"line {index}: source {line.Text("source")} is not its parent's key");
                }

                if (sent.TryGetValue(line.Text("source"), out var sentParent) && Differences(sentParent, parentModel) is { Count: > 0 } differences)
                {
                    problems.Add($"line {index}: its parent differs from the parent sent in {string.Join(", ", differences)}");
                }
            }
        }

        return problems;
    }

    private static IEnumerable<string> Check(string type, JsonElement model)
    {
        foreach (var problem in GoShape.Problems(type, model, GoFields.Value))
        {
            yield return problem;
        }

        string Text(string name) => model.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

        // A relationship's end, written wrapped as an attribute's parent is: its model's key.
        string End(string name) => model.TryGetProperty(name, out var end) && end.TryGetProperty("model", out var inner) && inner.TryGetProperty("key", out var key) ? key.GetString()! : "";
        var key = Text("key");
        var expectedKey = type switch
        {
            "asset" => $"#asset#{Text("dns")}#{Text("name")}".ToLowerInvariant(),
            "risk" => $"#risk#{Text("dns")}#{Text("name")}",
            "attribute" => ModelKeys.Attribute(Text("name"), Text("value"), Text("source")),
            "file" => "#file#" + Text("name"),
            "integration" => $"#integration#{Text("name")}#{Text("value")}",
            "technology" => "#technology#" + Text("cpe"),
            "relationship" => $"{End("source")}#{Text("label")}{End("target")}",
            "port" => $"#port#{Text("protocol")}#{(model.TryGetProperty("port", out var number) ? number.GetRawText() : "")}{End("parent")}",
            _ => null,
        };
        if (key != expectedKey)
        {
            yield return $"{type} key {key} is not tabularium's {expectedKey}";
        }

        if (type is "asset" or "risk" && !Ascii.IsValid(Text("dns")))
        {
            yield return $"{type} dns {Text("dns")} is not in ASCII (Punycode)";
        }

        if (type == "risk" && CveId().IsMatch(Text("name")) && (Text("name").Any(char.IsAsciiLetterLower) || (CveId().IsMatch(Text("title")) && Text("title").Any(char.IsAsciiLetterLower))))
        {
            yield return $"risk {key}: a CVE name and title are upper case";
        }

        if (type is "asset" or "risk" or "attribute" && model.TryGetProperty("ttl", out var ttl) && ttl.ValueKind == JsonValueKind.Number
            && DateTimeOffset.TryParse(Text("visited"), out var visited)
            && Math.Abs(ttl.GetInt64() - (visited + TimeToLive).ToUnixTimeSeconds()) > 1)
        {
            yield return $"{type} {key}: ttl {ttl.GetInt64()} is not 30 days after it was visited ({Text("visited")})";
        }
    }

    // The fields naming a parent, as sent and as carried by an attribute. The rest may differ as in Go: a later record of
    // the same key, dropped as a duplicate, carries its own attributes with its own state and guid (as job.Send of a
    // NewRisk's attribute does in Go); that it is whole, with its defaults, is checked on its own.
    private static List<string> Differences(JsonElement sent, JsonElement carried)
    {
        string[] naming = ["key", "dns", "name", "class", "username", "group", "identifier"];
        return [.. naming.Where(name => sent.TryGetProperty(name, out var a) != carried.TryGetProperty(name, out var b) || (a.ValueKind != JsonValueKind.Undefined && a.GetRawText() != b.GetRawText()))];
    }

    [GeneratedRegex("^cve-[0-9]{4}-[0-9]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CveId();
}
