using System.Text;
using System.Text.Json;

namespace Chariot.Capabilities.Tests.Conformance;

/// <summary>
/// The cases of <c>Conformance/tabularium.json</c>: tabularium's own unit tests and the behaviour read in its code,
/// transcribed as data, each citing the tabularium file (and test) it comes from. A text value is a JSON string,
/// <c>{"repeat": s, "times": n}</c>, or <c>{"parts": [...]}</c> (concatenated).
/// </summary>
internal static class TabulariumCases
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Conformance", "tabularium.json"))).RootElement);

    /// <summary>The tabularium commit the cases were read at.</summary>
    public static string Commit => Root.Value.GetProperty("tabularium").GetString()!;

    /// <summary>The fields Go writes, per model type (<see cref="GoShape"/>).</summary>
    public static JsonElement GoFields => Root.Value.GetProperty("goFields");

    /// <summary>The cases of one section, each as (citation, case) for xunit.</summary>
    public static TheoryData<string, string> Of(string section)
    {
        var data = new TheoryData<string, string>();
        foreach (var item in Root.Value.GetProperty(section).EnumerateArray())
        {
            data.Add(item.GetProperty("from").GetString()!, item.GetRawText());
        }

        return data;
    }

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    public static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Object when value.TryGetProperty("parts", out var parts) => string.Concat(parts.EnumerateArray().Select(Text)),
        JsonValueKind.Object => string.Concat(Enumerable.Repeat(value.GetProperty("repeat").GetString(), value.GetProperty("times").GetInt32())),
        _ => throw new InvalidDataException($"Not a text value: {value}"),
    };

    public static string? Optional(JsonElement item, string name) => item.TryGetProperty(name, out var value) ? Text(value) : null;

    public static int Utf8Length(string text) => Encoding.UTF8.GetByteCount(text);
}
