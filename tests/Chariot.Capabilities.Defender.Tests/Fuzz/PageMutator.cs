using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chariot.Capabilities.Defender.Tests.Fuzz;

/// <summary>A page mutated from a documented body: its bytes, and what was done, to name in a failure.</summary>
/// <param name="Body">The page as sent.</param>
/// <param name="Description">The seed and each mutation, with its path.</param>
/// <param name="PageLevel">Whether the page itself was changed (its records all left as documented).</param>
/// <param name="Target">The index of the mutated record in "value" (when not page level).</param>
internal sealed record MutatedPage(byte[] Body, string Description, bool PageLevel, int Target);

/// <summary>
/// Mutates a page deterministically from a seed: one record gets one to three of dropped fields, nulls, wrong types,
/// unknown enum values, huge strings, deep nesting, invalid UTF-8, '#' and quotes in names, IPv6 addresses and odd
/// property names; or (one time in ten) the page around the records is changed instead.
/// </summary>
internal sealed class PageMutator
{
    private static readonly JsonSerializerOptions Writing = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] Enums = ["SomethingNewIn2031", "", "   ", "LOW", "hIgH", "resolved ", "unknownFutureValue", "Critical", "falsePositive"];

    private static readonly string[] Names =
    [
        "host#1.contoso.com", "#asset#evil#1.2.3.4", "quote\"d.contoso.com", "it's.contoso.com", "back\\slash", "nul\u0000byte",
        "line\nbreak", "müller-pc.contoso.com", ".", "..", "trailing.dot.", "UPPER.CONTOSO.COM", "\u202Eevil", "😀.contoso.com",
        new string('a', 300) + ".com", "#", "\"", "a#b\"c'd",
    ];

    private static readonly string[] Addresses =
    [
        "2001:db8::1", "fe80::1%eth0", "::ffff:10.0.0.1", "[::1]", "2001:DB8:0:0:0:0:0:1", "::", "::1", "1.2.3.4:443", "999.1.1.1",
        "01.02.03.04", "2001:db8::1/64", "fe80::1%25eth0",
    ];

    private static readonly byte[][] BadUtf8 =
    [
        [0xFF], [0xC3, 0x28], [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
        "\\ud800"u8.ToArray(), "\\udc00x"u8.ToArray(),
    ];

    private readonly Random _random;
    private readonly List<(string Marker, byte[] Bytes)> _raw = [];
    private readonly Dictionary<string, string> _shown = new(StringComparer.Ordinal);
    private readonly List<string> _steps = [];

    private PageMutator(Random random) => _random = random;

    public static MutatedPage Mutate(JsonObject documented, int seed)
    {
        var mutator = new PageMutator(new Random(seed));
        var page = (JsonObject)documented.DeepClone();
        var values = (JsonArray)page["value"]!;
        var pageLevel = mutator._random.Next(10) == 0;
        var target = mutator._random.Next(values.Count);
        if (pageLevel)
        {
            mutator.MutatePage(page);
        }
        else
        {
            for (var n = 1 + mutator._random.Next(3); n > 0; n--)
            {
                mutator.MutateRecord(values, target);
            }
        }

        var description = $"seed {seed}: " + (pageLevel ? "page" : $"record {target}") + ": " + string.Join("; ", mutator._steps);
        return new MutatedPage(mutator.Serialize(page), description, pageLevel, target);
    }

    private T Pick<T>(IReadOnlyList<T> choices) => choices[_random.Next(choices.Count)];

    // A location is a value with its parent and its key (object) or index (array); the record itself is one, in "value".
    private sealed record Location(JsonNode Parent, string? Key, int Index, string Path);

    private static void Walk(JsonNode? node, JsonNode parent, string? key, int index, string path, List<Location> into)
    {
        into.Add(new Location(parent, key, index, path));
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    Walk(child, obj, name, -1, $"{path}.{name}", into);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], array, null, i, $"{path}[{i}]", into);
                }

                break;
        }
    }

    private static JsonNode? Get(Location at) => at.Parent is JsonObject obj ? obj[at.Key!] : ((JsonArray)at.Parent)[at.Index];

    private static void Set(Location at, JsonNode? value)
    {
        if (at.Parent is JsonObject obj)
        {
            obj[at.Key!] = value;
        }
        else
        {
            ((JsonArray)at.Parent)[at.Index] = value;
        }
    }

    private void MutateRecord(JsonArray values, int target)
    {
        var locations = new List<Location>();
        Walk(values[target], values, null, target, "$", locations);
        var at = Pick(locations);
        var kind = _random.Next(100);
        switch (kind)
        {
            case < 12 when at.Path != "$":
                Drop(at);
                break;
            case < 24:
                Step(at, "null", null);
                break;
            case < 36:
                Step(at, "wrong type", Pick<Func<JsonNode?>>(
                [
                    () => 0, () => -1, () => 1.5e308, () => Raw("12345678901234567890123456789"), () => true, () => new JsonObject(),
                    () => new JsonArray(), () => new JsonArray("x", 1), () => new JsonObject { ["nested"] = new JsonObject { ["a"] = 1 } },
                    () => "", () => "2021-13-45T99:99:99Z",
                ])());
                break;
            case < 46:
                Step(Prefer(locations, "severity", "status", "classification", "level", "health", "score"), "unknown enum", Pick(Enums));
                break;
            case < 51:
                Step(at, "huge string", new string('h', HugeLength()));
                break;
            case < 58:
                Step(at, "deep nesting", Raw(Deep(Pick([65, 200, 2_000, 100_000]))));
                break;
            case < 68:
                Step(Prefer(locations, "name", "id", "title", "dns"), "invalid UTF-8", BadText());
                break;
            case < 82:
                Step(Prefer(locations, "name", "id", "title", "dns"), "odd name", Pick(Names));
                break;
            case < 92:
                Step(Prefer(locations, "ip"), "IPv6", Pick(Addresses));
                break;
            default:
                Rename(Prefer(locations, "id", "name", "ip"));
                break;
        }
    }

    // Mostly tens of KB; now and then over the field cap (1 MB) or the record cap (4 MB).
    private int HugeLength() => _random.Next(10) switch
    {
        < 7 => _random.Next(10_000, 100_000),
        < 9 => (1024 * 1024) + _random.Next(1, 1024 * 1024),
        _ => 5 * 1024 * 1024,
    };

    private static string Deep(int depth) => depth % 2 == 0
        ? new string('[', depth) + "1" + new string(']', depth)
        : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    private Location Prefer(List<Location> locations, params string[] words)
    {
        var matching = locations.Where(l => l.Key is { } key && words.Any(w => key.Contains(w, StringComparison.OrdinalIgnoreCase))).ToList();
        return Pick(matching.Count > 0 && _random.Next(4) > 0 ? matching : locations);
    }

    private void Drop(Location at)
    {
        if (at.Parent is JsonObject obj)
        {
            obj.Remove(at.Key!);
        }
        else
        {
            ((JsonArray)at.Parent).RemoveAt(at.Index);
        }

        _steps.Add($"drop {at.Path}");
    }

    private void Step(Location at, string what, JsonNode? value)
    {
        Set(at, value);
        var shown = value?.ToJsonString(Writing) ?? "null";
        shown = _shown.GetValueOrDefault(shown, shown);
        _steps.Add($"{what} at {at.Path} = {(shown.Length > 60 ? $"{shown[..60]}... ({shown.Length:N0} chars)" : shown)}");
    }

    // A string holding bytes that are not UTF-8 (or an escaped lone surrogate) between ordinary text.
    private JsonValue BadText()
    {
        var bad = Pick(BadUtf8);
        return Raw([.. "\"pc-"u8, .. bad, .. ".contoso.com\""u8], $"\"pc-{Convert.ToHexString(bad)}.contoso.com\" (hex: as bytes)");
    }

    private void Rename(Location at)
    {
        if (at.Parent is not JsonObject obj || at.Key is null)
        {
            Step(at, "null", null);
            return;
        }

        var value = obj[at.Key];
        obj.Remove(at.Key);
        var siblings = obj.Select(p => p.Key).ToList();
        var name = _random.Next(6) switch
        {
            0 => at.Key.ToUpperInvariant(),
            1 => "#weird\"key",
            2 => "",
            3 when siblings.Count > 0 => "@@dup-" + Pick(siblings),
            4 => "@@badname",
            _ => at.Key + "#",
        };

        if (name.StartsWith("@@dup-", StringComparison.Ordinal))
        {
            // A second property of a name the record has already: JsonObject would not hold it, so it is written as bytes.
            var dup = name["@@dup-".Length..];
            obj[Marker(JsonSerializer.SerializeToUtf8Bytes(dup))] = value;
            _steps.Add($"rename {at.Path} to a duplicate \"{dup}\"");
            return;
        }

        if (name == "@@badname")
        {
            obj[Marker([.. "\"k"u8, .. Pick(BadUtf8), .. "\""u8])] = value;
            _steps.Add($"rename {at.Path} to a name that is not UTF-8");
            return;
        }

        obj[name] = value;
        _steps.Add($"rename {at.Path} to \"{name}\"");
    }

    private void MutatePage(JsonObject page)
    {
        var values = page["value"];
        switch (_random.Next(14))
        {
            case 0: page.Remove("value"); _steps.Add("drop value"); break;
            case 1: page["value"] = null; _steps.Add("value = null"); break;
            case 2: page["value"] = new JsonObject { ["id"] = "x" }; _steps.Add("value = an object"); break;
            case 3: page["value"] = "x"; _steps.Add("value = a string"); break;
            case 4: page[Marker([.. "\"p"u8, .. Pick(BadUtf8), .. "\""u8])] = 1; _steps.Add("a property whose name is not UTF-8"); break;
            case 5: page["#weird\"name"] = Raw(Deep(10_000)); _steps.Add("a property 10,000 levels deep"); break;
            case 6: page["extra"] = new string('e', 5 * 1024 * 1024); _steps.Add("a 5 MB property"); break;
            case 7: page["@odata.nextLink"] = Pick<JsonNode?>([1, null, "", "relative/x", "https://evil.example/x"]); _steps.Add("odd nextLink"); break;
            case 8: page["@odata.nextLink"] = BadText(); _steps.Add("nextLink not UTF-8"); break;
            case 9: page["@odata.count"] = Pick<JsonNode>(["x", -1, Raw("1e400"), Raw("123456789012345678901234567890")]); _steps.Add("odd count"); break;
            case 10: page.Remove("value"); page["value"] = values; page["VALUE"] = new JsonArray(); _steps.Add("value twice (VALUE empty, after)"); break;
            case 11: page["@odata.context"] = Raw([.. "\"ctx-"u8, .. Pick(BadUtf8), .. "\""u8], "not UTF-8"); _steps.Add("context not UTF-8"); break;
            case 12: page.Remove("@odata.nextLink"); page.Insert(0, "@odata.nextLink", "https://evil.example/first"); _steps.Add("foreign nextLink before value"); break;
            default: page["value"] = new JsonArray(); _steps.Add("value = []"); break;
        }
    }

    private JsonValue Raw(string json) => Raw(Encoding.UTF8.GetBytes(json), json);

    // A placeholder string replaced by these bytes, as they are, once the page is written.
    private JsonValue Raw(byte[] bytes, string shown)
    {
        var marker = Marker(bytes);
        _shown[$"\"{marker}\""] = shown;
        return JsonValue.Create(marker);
    }

    private string Marker(byte[] bytes)
    {
        var marker = $"@@raw{_raw.Count}@@";
        _raw.Add(($"\"{marker}\"", bytes));
        return marker;
    }

    private byte[] Serialize(JsonObject page)
    {
        var bytes = Encoding.UTF8.GetBytes(page.ToJsonString(Writing));
        foreach (var (marker, raw) in _raw)
        {
            var quoted = Encoding.UTF8.GetBytes(marker);
            var at = bytes.AsSpan().IndexOf(quoted);
            if (at >= 0)
            {
                bytes = [.. bytes.AsSpan(0, at), .. raw, .. bytes.AsSpan(at + quoted.Length)];
            }
        }

        return bytes;
    }
}
