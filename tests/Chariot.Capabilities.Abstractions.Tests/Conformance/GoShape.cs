using System.Text.Json;

namespace Chariot.Capabilities.Tests.Conformance;

/// <summary>
/// Checks a written model against the fields Go writes for its type (<c>goFields</c> in <c>tabularium.json</c>): every
/// field Go always writes is there with its JSON type, and no field is one Go does not know. Shared with the end-to-end
/// tests, which check every line of a sandbox run with it.
/// </summary>
public static class GoShape
{
    /// <summary>What is wrong with <paramref name="model"/> as a Go <paramref name="type"/>; empty when nothing is.</summary>
    public static IReadOnlyList<string> Problems(string type, JsonElement model, JsonElement goFields)
    {
        if (!goFields.TryGetProperty(type, out var fields))
        {
            return [$"'{type}' is not a model type tabularium knows here"];
        }

        var problems = new List<string>();
        var required = fields.GetProperty("required");
        var known = new HashSet<string>(required.EnumerateObject().Select(p => p.Name), StringComparer.Ordinal);
        known.UnionWith(fields.GetProperty("optional").EnumerateArray().Select(e => e.GetString()!));
        foreach (var field in required.EnumerateObject())
        {
            if (!model.TryGetProperty(field.Name, out var value))
            {
                problems.Add($"{type} lacks '{field.Name}', which Go always writes");
            }
            else if (JsonTypeOf(value) != field.Value.GetString())
            {
                problems.Add($"{type}.{field.Name} is a JSON {JsonTypeOf(value)}, Go writes a {field.Value.GetString()}");
            }
        }

        problems.AddRange(model.EnumerateObject().Where(p => !known.Contains(p.Name)).Select(p => $"{type}.{p.Name} is not a field Go knows"));
        return problems;
    }

    private static string JsonTypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        _ => "null",
    };
}
