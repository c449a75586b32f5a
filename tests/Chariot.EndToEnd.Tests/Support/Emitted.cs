using System.Text.Json;

namespace Chariot.EndToEnd.Tests.Support;

/// <summary>One NDJSON result line: its wrapper type and its model.</summary>
public sealed record Emitted(string Type, JsonElement Model)
{
    public string Key => Model.GetProperty("key").GetString()!;

    public string Text(string property) => Model.GetProperty(property).GetString()!;

    /// <summary>Reads an NDJSON results file; every non-empty line must be <c>{"type":...,"model":{...}}</c>.</summary>
    public static IReadOnlyList<Emitted> ReadFile(string path) => Parse(File.ReadAllText(path));

    public static IReadOnlyList<Emitted> Parse(string ndjson)
    {
        var results = new List<Emitted>();
        foreach (var line in ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var root = JsonDocument.Parse(line).RootElement.Clone();
            if (root.ValueKind != JsonValueKind.Object
                || !root.EnumerateObject().Select(p => p.Name).SequenceEqual(["type", "model"])
                || root.GetProperty("type").ValueKind != JsonValueKind.String || root.GetProperty("model").ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("Not a wrapped model: " + line);
            }

            results.Add(new Emitted(root.GetProperty("type").GetString()!, root.GetProperty("model")));
        }

        return results;
    }
}
