using System.Text.Json;
using System.Text.Json.Serialization;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Json;

/// <summary>
/// Tabularium's polymorphic wrapper: a model travels as <c>{"type":"asset","model":{...}}</c>. On read the type comes from
/// <c>type</c> (in any letter case), else from the model's key prefix (<c>#asset#...</c>), as tabularium resolves it. A
/// wrapper without a model (Go writes an unset one as <c>{"model":null,"type":""}</c>; <c>{}</c>) reads as no model, as in
/// tabularium's <c>registry/wrapper.go</c>.
/// </summary>
public sealed class WrappedModelConverter : JsonConverter<ChariotModel?>
{
    private static readonly Dictionary<string, Type> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["asset"] = typeof(Asset),
        ["risk"] = typeof(Risk),
        ["attribute"] = typeof(ChariotAttribute),
        ["file"] = typeof(ChariotFile),
        ["integration"] = typeof(Integration),
        ["port"] = typeof(Port),
        ["technology"] = typeof(Technology),
        ["relationship"] = typeof(Relationship),
    };

    /// <summary>The wrapper type names this converter knows.</summary>
    public static IReadOnlyCollection<string> KnownTypes => Types.Keys;

    /// <inheritdoc />
    public override ChariotModel? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A wrapped model is a JSON object {\"type\":...,\"model\":{...}}.");
        }

        if ((root.TryGetProperty("model", out var given) && given.ValueKind == JsonValueKind.Null) || !root.EnumerateObject().Any())
        {
            return null;
        }

        var body = root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.Object ? model : root;
        var typeName = TypeNameOf(root, body)
            ?? throw new JsonException("A wrapped model needs a \"type\" (or a model \"key\" such as #asset#...) to say what it is.");
        if (!Types.TryGetValue(typeName, out var type))
        {
            throw new JsonException($"Unknown model type '{typeName}': expected one of {string.Join(", ", Types.Keys)}.");
        }

        return (ChariotModel)(body.Deserialize(type, options)
            ?? throw new JsonException($"The {typeName} model is null."));
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ChariotModel? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteString("type", value.TypeName);
        writer.WritePropertyName("model");
        JsonSerializer.Serialize(writer, value, value.GetType(), options);
        writer.WriteEndObject();
    }

    private static string? TypeNameOf(JsonElement root, JsonElement body)
    {
        if (root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() is { Length: > 0 } name)
        {
            return name;
        }

        foreach (var keyName in (ReadOnlySpan<string>)["Key", "key"])
        {
            if (body.TryGetProperty(keyName, out var key) && key.GetString() is { } text)
            {
                var parts = text.Split('#');
                return parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null;
            }
        }

        return null;
    }
}
