using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Json;

/// <summary>The JSON settings of Chariot's wire format, and the wrapped-model line format hosts write.</summary>
public static class ChariotJson
{
    // A Utf8JsonWriter escapes by its own options, not the serializer's: the same encoder keeps both forms identical.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// Options for Chariot models: exact tabularium names (set per property), UTF-8 text kept readable
    /// (no escaping beyond what JSON requires: the lines are data, never embedded in HTML).
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serializes a model in its wrapper, <c>{"type":"...","model":{...}}</c>, on one line.</summary>
    public static string Wrap(ChariotModel model) => JsonSerializer.Serialize(model, Options);

    /// <summary>
    /// Writes the same line as <see cref="Wrap(ChariotModel)"/>, as UTF-8 into <paramref name="output"/>: a host writing
    /// millions of lines makes no string per line.
    /// </summary>
    public static void Wrap(ChariotModel model, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(output);
        var writer = t_writer ??= new Utf8JsonWriter(output, WriterOptions);
        writer.Reset(output);
        try
        {
            JsonSerializer.Serialize(writer, model, Options);
            writer.Flush();
        }
        finally
        {
            // The writer is kept for the thread's next line; it must not keep this output alive, nor make a buffer to let go of it.
            writer.Reset(DetachedOutput.Instance);
        }
    }

    /// <summary>Reads a wrapped model.</summary>
    /// <exception cref="JsonException">The text is not a wrapped model.</exception>
    public static ChariotModel Unwrap(string json) =>
        JsonSerializer.Deserialize<ChariotModel>(json, Options) ?? throw new JsonException("A wrapped model cannot be null.");

    // A relationship has no username in tabularium (BaseRelationship): the base model's is not written for it.
    private static void WithoutUsernameOnRelationships(JsonTypeInfo type)
    {
        if (type.Type == typeof(Relationship) && type.Properties.FirstOrDefault(p => p.Name == "username") is { } username)
        {
            type.Properties.Remove(username);
        }
    }

    // An attribute's key, the longest text of most lines, is written from its parts (name, value, parent key): a line makes
    // no key string. The property stays where it was, last, and reads as before (a key is never read: it is worked out).
    private static void AttributeKeyFromParts(JsonTypeInfo type)
    {
        if (type.Type != typeof(ChariotAttribute))
        {
            return;
        }

        for (var i = 0; i < type.Properties.Count; i++)
        {
            if (type.Properties[i].Name == "key")
            {
                var key = type.CreateJsonPropertyInfo(typeof(ChariotAttribute), "key");
                key.Get = attribute => attribute;
                key.CustomConverter = new AttributeKeyConverter();
                type.Properties[i] = key;
                return;
            }
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = false,
            RespectNullableAnnotations = true,
            UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { WithoutUsernameOnRelationships, AttributeKeyFromParts } },
        };
        options.Converters.Add(new WrappedModelConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
