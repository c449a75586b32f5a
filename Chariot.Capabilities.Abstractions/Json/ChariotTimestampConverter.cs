using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chariot.Capabilities.Json;

/// <summary>Tabularium's timestamps: RFC 3339 in UTC to the second (<c>2023-10-27T10:05:00Z</c>); an empty string when unset.</summary>
public sealed class ChariotTimestampConverter : JsonConverter<DateTimeOffset?>
{
    /// <summary>The format tabularium writes.</summary>
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <summary>Formats a timestamp as tabularium does.</summary>
    public static string ToChariot(DateTimeOffset value) =>
        value.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var text = reader.GetString();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new JsonException($"'{text}' is not an RFC 3339 timestamp such as 2023-10-27T10:05:00Z.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is not { } v)
        {
            writer.WriteStringValue(""u8);
            return;
        }

        // Every model line carries up to three timestamps, and a sync stamps its models with a few distinct seconds: the
        // thread's last second is kept formatted (UTF-8, 20 bytes for any DateTimeOffset) and written again as it is.
        var second = v.UtcTicks / TimeSpan.TicksPerSecond;
        var last = t_last ??= new LastSecond();
        if (last.Length == 0 || last.Second != second)
        {
            _ = v.ToUniversalTime().TryFormat(last.Utf8, out last.Length, Format, CultureInfo.InvariantCulture);
            last.Second = second;
        }

        writer.WriteStringValue(last.Utf8.AsSpan(0, last.Length));
    }

    [ThreadStatic]
    private static LastSecond? t_last;

    private sealed class LastSecond
    {
        public readonly byte[] Utf8 = new byte[32];
        public long Second;
        public int Length;
    }
}
