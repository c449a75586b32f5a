using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Json;

/// <summary>
/// An attribute's parent, wrapped as <see cref="WrappedModelConverter"/> writes it. An attribute line carries its parent
/// whole, and a parent's attributes are written one after another: the parent's JSON is made once and copied into the
/// next lines that carry the same parent object, byte for byte what writing it again would give.
/// </summary>
internal sealed class ParentModelConverter : JsonConverter<ChariotModel>
{
    private static readonly WrappedModelConverter Wrapped = new();

    // The last parent written, with what it was written under. A model is immutable: the same object, under the same
    // options and encoder, always gives the same JSON. It is held weakly: a model may carry a plugin's own collection
    // type, and a strong reference here would keep that plugin's load context from unloading.
    private static Written? s_last;

    // The buffer a parent is written into before it is copied out, kept for the thread's next parent (a parent larger
    // than RetainedBytes gets a buffer of its own).
    private const int RetainedBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    // The thread's writer for parents, reset onto each parent's buffer: an attribute line makes no writer of its own.
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    // tabularium's attribute hook fails the same way: "parent is required".
    public override ChariotModel Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Wrapped.Read(ref reader, typeToConvert, options)
            ?? throw new JsonException("An attribute needs its parent: \"parent\" is {\"type\":...,\"model\":{...}} with a model.");

    public override void Write(Utf8JsonWriter writer, ChariotModel value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (writer.Options.Indented)
        {
            Wrapped.Write(writer, value, options);
            return;
        }

        var last = Volatile.Read(ref s_last);
        if (last is null || !last.Model.TryGetTarget(out var model) || !ReferenceEquals(model, value)
            || !ReferenceEquals(last.Options, options) || !ReferenceEquals(last.Encoder, writer.Options.Encoder))
        {
            var json = t_buffer ?? new ArrayBufferWriter<byte>(1024);
            t_buffer = null;
            var parent = t_writer is { } kept && SameOptions(kept.Options, writer.Options) ? kept : new Utf8JsonWriter(json, writer.Options);
            t_writer = null;
            parent.Reset(json);
            try
            {
                Wrapped.Write(parent, value, options);
                parent.Flush();
            }
            finally
            {
                // Kept for the thread's next parent; it must not keep this buffer alive.
                parent.Reset(Stream.Null);
                t_writer = parent;
            }

            last = new Written(new WeakReference<ChariotModel>(value), options, writer.Options.Encoder, json.WrittenSpan.ToArray());
            if (json.Capacity <= RetainedBytes)
            {
                json.ResetWrittenCount();
                t_buffer = json;
            }
            Volatile.Write(ref s_last, last);
        }

        writer.WriteRawValue(last.Json, skipInputValidation: true);
    }

    private static bool SameOptions(JsonWriterOptions kept, JsonWriterOptions wanted) =>
        ReferenceEquals(kept.Encoder, wanted.Encoder) && kept.Indented == wanted.Indented && kept.SkipValidation == wanted.SkipValidation
        && kept.MaxDepth == wanted.MaxDepth && kept.NewLine == wanted.NewLine;

    private sealed record Written(WeakReference<ChariotModel> Model, JsonSerializerOptions Options, System.Text.Encodings.Web.JavaScriptEncoder? Encoder, byte[] Json);
}
