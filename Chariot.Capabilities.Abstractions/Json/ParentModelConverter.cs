using System.Buffers;
using System.Text.Encodings.Web;
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

    // The thread's last parent and its JSON, kept for the thread's next line: a new parent is written over the old one's
    // bytes, so a line makes no array. A thread that hops between lines of one parent writes it again (the same bytes).
    [ThreadStatic]
    private static LastParent? t_last;

    // tabularium's attribute hook fails the same way: "parent is required".
    public override ChariotModel Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Wrapped.Read(ref reader, typeToConvert, options)
            ?? throw new JsonException("An attribute needs its parent: \"parent\" is {\"type\":...,\"model\":{...}} with a model.");

    public override void Write(Utf8JsonWriter writer, ChariotModel value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var last = t_last ??= new LastParent();
        if (writer.Options.Indented || last.Writing)
        {
            // Indented text is for people, not millions of lines; a parent inside a parent is written in place.
            Wrapped.Write(writer, value, options);
            return;
        }

        if (!last.Holds(value, options, writer.Options))
        {
            last.Write(value, options, writer.Options);
        }

        writer.WriteRawValue(last.Json, skipInputValidation: true);
    }

    /// <summary>One thread's last parent: the model (held weakly), what it was written under, and its JSON.</summary>
    private sealed class LastParent
    {
        // A parent larger than this gets a buffer of its own, dropped after it.
        private const int RetainedBytes = 64 * 1024;

        // Held weakly: a model may carry a plugin's own collection type, and a strong reference here would keep that
        // plugin's load context from unloading.
        private readonly WeakReference<ChariotModel?> _model = new(null);
        private JsonSerializerOptions? _options;
        private JavaScriptEncoder? _encoder;
        private ArrayBufferWriter<byte> _json = new(1024);
        private Utf8JsonWriter? _writer;

        public bool Writing { get; private set; }

        public ReadOnlySpan<byte> Json => _json.WrittenSpan;

        // A model is immutable: the same object, under the same options and encoder, always gives the same JSON.
        public bool Holds(ChariotModel value, JsonSerializerOptions options, JsonWriterOptions writerOptions) =>
            _model.TryGetTarget(out var model) && ReferenceEquals(model, value)
            && ReferenceEquals(_options, options) && ReferenceEquals(_encoder, writerOptions.Encoder);

        public void Write(ChariotModel value, JsonSerializerOptions options, JsonWriterOptions writerOptions)
        {
            _model.SetTarget(null);
            if (_json.Capacity > RetainedBytes)
            {
                _json = new ArrayBufferWriter<byte>(1024);
            }

            _json.ResetWrittenCount();
            var writer = _writer is { } kept && SameOptions(kept.Options, writerOptions) ? kept : new Utf8JsonWriter(_json, writerOptions);
            writer.Reset(_json);
            Writing = true;
            try
            {
                Wrapped.Write(writer, value, options);
                writer.Flush();
            }
            finally
            {
                // Kept for the thread's next parent; it must not keep this buffer alive, nor make one to let go of it.
                writer.Reset(DetachedOutput.Instance);
                _writer = writer;
                Writing = false;
            }

            _options = options;
            _encoder = writerOptions.Encoder;
            _model.SetTarget(value);
        }

        private static bool SameOptions(JsonWriterOptions kept, JsonWriterOptions wanted) =>
            ReferenceEquals(kept.Encoder, wanted.Encoder) && kept.Indented == wanted.Indented && kept.SkipValidation == wanted.SkipValidation
            && kept.MaxDepth == wanted.MaxDepth && kept.NewLine == wanted.NewLine;
    }
}
