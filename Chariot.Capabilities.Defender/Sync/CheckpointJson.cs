using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Chariot.Capabilities.Defender.Sync;

/// <summary>Reads a saved checkpoint: null when there is none, it is not JSON of the type, or it lacks what the type needs.</summary>
internal static class CheckpointJson
{
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
