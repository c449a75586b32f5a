using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Chariot.Capabilities.Defender.Sync;

/// <summary>Reads and writes checkpoints: a saved one that is not JSON of the type, or lacks what the type needs, reads as none.</summary>
internal static class CheckpointJson
{
    /// <summary>
    /// Serializes <paramref name="value"/> into <paramref name="buffer"/>, which keeps its capacity for the next save: a
    /// sync that saves its progress after every page makes neither a new buffer nor a string each time. The bytes returned
    /// are the buffer's, valid until its next use (the emitter copies them).
    /// </summary>
    public static ReadOnlyMemory<byte> Utf8<T>(T value, JsonTypeInfo<T> type, ArrayBufferWriter<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = type.Options.Encoder, Indented = type.Options.WriteIndented }))
        {
            JsonSerializer.Serialize(writer, value, type);
        }

        return buffer.WrittenMemory;
    }

    /// <summary>Reads a saved checkpoint: null when there is none, it is not JSON of the type, or it lacks what the type needs.</summary>
    public static T? Read<T>(string? json, JsonTypeInfo<T> type, Func<T, bool>? complete = null)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, type) is { } checkpoint && (complete?.Invoke(checkpoint) ?? true) ? checkpoint : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
