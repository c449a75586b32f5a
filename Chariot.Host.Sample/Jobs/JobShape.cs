using System.Text.Json;
using Chariot.Capabilities.Json;
using Chariot.Capabilities.Models;

namespace Chariot.Host.Sample.Jobs;

/// <summary>
/// The shape of a job document, checked before it is read as a job so that a malformed one is refused naming the key
/// to fix: a JSON object, no key given twice anywhere, <c>config</c> and <c>secret</c> maps of strings (or null), and a
/// <c>target</c> wrapping a model of a known type. A message names keys, never a value (a secret may be anywhere).
/// </summary>
internal static class JobShape
{
    private const int MaxKeyLength = 80;

    /// <summary>Throws a <see cref="HostUsageException"/> naming the first key of <paramref name="root"/> that is malformed.</summary>
    public static void Check(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Refuse(source, $"must be a JSON object (the job: {{\"config\": ..., \"secret\": ..., \"target\": ...}}), not {Kind(root.ValueKind)}");
        }

        if (FirstDuplicate(root, "") is { } duplicate)
        {
            throw Refuse(source, $"gives '{duplicate}' twice: keep one");
        }

        StringMap(root, "config", source);
        StringMap(root, "secret", source);
        Target(root, source);
    }

    private static void StringMap(JsonElement root, string key, string source)
    {
        if (!root.TryGetProperty(key, out var map) || map.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (map.ValueKind != JsonValueKind.Object)
        {
            throw Refuse(source, $"has '{key}' as {Kind(map.ValueKind)}: it must be a JSON object of string values, such as {{\"name\": \"value\"}}");
        }

        foreach (var entry in map.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw Refuse(source, $"has '{key}.{Name(entry.Name)}' as {Kind(entry.Value.ValueKind)}: give a JSON string (quoted), or leave the key out");
            }
        }
    }

    private static void Target(JsonElement root, string source)
    {
        const string Example = "\"target\": {\"type\": \"integration\", \"model\": {\"name\": \"...\", \"value\": \"...\"}}";
        if (!root.TryGetProperty("target", out var target) || target.ValueKind == JsonValueKind.Null)
        {
            throw Refuse(source, $"has no 'target': add {Example}");
        }

        if (target.ValueKind != JsonValueKind.Object)
        {
            throw Refuse(source, $"has 'target' as {Kind(target.ValueKind)}: it must be a JSON object, {Example}");
        }

        var hasType = target.TryGetProperty("type", out var type);
        if (hasType && type.ValueKind != JsonValueKind.String)
        {
            throw Refuse(source, $"has 'target.type' as {Kind(type.ValueKind)}: give the model's type as a string, such as \"integration\"");
        }

        if (!target.TryGetProperty("model", out var model) || model.ValueKind == JsonValueKind.Null)
        {
            throw Refuse(source, $"has no 'target.model': add {Example}");
        }

        if (model.ValueKind != JsonValueKind.Object)
        {
            throw Refuse(source, $"has 'target.model' as {Kind(model.ValueKind)}: it must be a JSON object, {Example}");
        }

        var typeName = type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        if (string.IsNullOrEmpty(typeName) && !(model.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String))
        {
            throw Refuse(source, "has no 'target.type': say what the target is, such as \"type\": \"integration\"");
        }

        if (!string.IsNullOrEmpty(typeName) && !WrappedModelConverter.KnownTypes.Contains(typeName, StringComparer.OrdinalIgnoreCase))
        {
            throw Refuse(source, $"has 'target.type' '{Name(typeName)}', which is no model type: give one of {string.Join(", ", WrappedModelConverter.KnownTypes)}");
        }

        try
        {
            // The model is read on its own (by the wrapper's converter): an error's path is then the model's own.
            target.Deserialize<ChariotModel?>(ChariotJson.Options);
        }
        catch (JsonException e)
        {
            var path = e.Path?.TrimStart('$').TrimStart('.') is { Length: > 0 } inner ? "." + Name(inner) : "";
            throw Refuse(source, $"has 'target.model{path}' of a type the {typeName ?? "model"} does not take: give the field as the model has it (most are strings)");
        }
        catch (ArgumentException e)
        {
            var path = e.ParamName is { Length: > 0 } name ? "." + Name(name) : "";
            throw Refuse(source, $"has no usable 'target.model{path}': give it as a non-empty string");
        }
    }

    // The dotted path of the first key that appears twice in one object, depth first.
    private static string? FirstDuplicate(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var at = path.Length == 0 ? Name(property.Name) : $"{path}.{Name(property.Name)}";
                    if (!seen.Add(property.Name))
                    {
                        return at;
                    }

                    if (FirstDuplicate(property.Value, at) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstDuplicate(item, $"{path}[{index++}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };

    // A key is named, never a value; a very long one only by its start.
    private static string Name(string key) => key.Length <= MaxKeyLength ? key : key[..MaxKeyLength] + "...";

    private static HostUsageException Refuse(string source, string problem) => new($"Job file '{source}' {problem}.");

    // The serializer's words without the position it appends (" Path: ..." or " LineNumber: ..."): the caller says where.
    internal static string FirstSentence(string message)
    {
        foreach (var marker in (ReadOnlySpan<string>)[" Path:", " LineNumber:"])
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        return message;
    }
}
