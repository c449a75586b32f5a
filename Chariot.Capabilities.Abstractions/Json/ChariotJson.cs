using System.Text.Encodings.Web;
using System.Text.Json;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Json;

/// <summary>The JSON settings of Chariot's wire format, and the wrapped-model line format hosts write.</summary>
public static class ChariotJson
{
    /// <summary>
    /// Options for Chariot models: exact tabularium names (set per property), UTF-8 text kept readable
    /// (no escaping beyond what JSON requires: the lines are data, never embedded in HTML).
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serializes a model in its wrapper, <c>{"type":"...","model":{...}}</c>, on one line.</summary>
    public static string Wrap(ChariotModel model) => JsonSerializer.Serialize(model, Options);

    /// <summary>Reads a wrapped model.</summary>
    /// <exception cref="JsonException">The text is not a wrapped model.</exception>
    public static ChariotModel Unwrap(string json) =>
        JsonSerializer.Deserialize<ChariotModel>(json, Options) ?? throw new JsonException("A wrapped model cannot be null.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = false,
            RespectNullableAnnotations = true,
            UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
        };
        options.Converters.Add(new WrappedModelConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
