using System.Globalization;
using System.Text.Json;

namespace Chariot.Capabilities.Defender.Testing.Routing;

/// <summary>Small writer helpers: big pages must flush before the writer's buffer grows with the page.</summary>
internal static class JsonWriting
{
    private const int FlushThresholdBytes = 32 * 1024;

    public static async ValueTask FlushIfFullAsync(this Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        if (writer.BytesPending > FlushThresholdBytes)
        {
            await writer.FlushAsync(cancellationToken);
        }
    }

    /// <summary>Microsoft's timestamp shape: seven fraction digits at most, trailing zeros dropped, a Z.</summary>
    public static string ToMicrosoftTimestamp(this DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>The by-machine export's timestamp shape: <c>2020-12-30 14:17:26</c>, no zone.</summary>
    public static string ToSpaceSeparatedTimestamp(this DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static void WriteStringOrNull(this Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    public static void WriteStringArray(this Utf8JsonWriter writer, JsonEncodedText name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
