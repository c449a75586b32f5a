using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using CommunityToolkit.HighPerformance.Buffers;

namespace Chariot.Capabilities.Defender.Api.Dtos;

/// <summary>
/// Reads a string that repeats from record to record (a machine id and host on each of its vulnerability rows, a CVE, a
/// vendor, a severity, an evidence kind) through a CommunityToolkit <see cref="StringPool"/>: a value seen recently is the
/// same string again, with nothing allocated, instead of one new string per row. The pool is bounded; a long, escaped or
/// split value, or one that is not valid UTF-8 (which fails as it would unpooled), is read as usual.
/// </summary>
internal class PooledStringConverter(StringPool pool, int longest) : JsonConverter<string>
{
    // Strings a property keeps at most: one pool per property (each has its own converter), so streams parsing at the same
    // time never wait on each other's pool (the shared pool's locks were a fifth of a large sync's samples).
    private const int PooledPerProperty = 1024;

    // Longer values (command lines, links with ids) rarely repeat: pooling them would only churn the pool (a description,
    // which repeats by detection, has a converter of its own).
    private const int LongestPooled = 128;

    /// <summary>Reads through a pool of this converter's own (one per property of the bodies' records).</summary>
    public PooledStringConverter()
        : this(NewPool())
    {
    }

    /// <summary>Reads through <paramref name="pool"/>, values up to 128 bytes.</summary>
    public PooledStringConverter(StringPool pool)
        : this(pool, LongestPooled)
    {
    }

    /// <summary>The pool this converter reads through.</summary>
    public StringPool Pool => pool;

    /// <summary>A pool of the size a property's converter has, for readers that pool values themselves.</summary>
    public static StringPool NewPool() => new(PooledPerProperty);

    /// <summary>The string at the reader, through <paramref name="pool"/> when it can be (up to <paramref name="longest"/> bytes).</summary>
    public static string? Read(ref Utf8JsonReader reader, StringPool pool, int longest = LongestPooled)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (reader.TokenType != JsonTokenType.String || reader.HasValueSequence || reader.ValueIsEscaped
            || reader.ValueSpan.Length > longest || !Utf8.IsValid(reader.ValueSpan))
        {
            return reader.GetString();
        }

        return pool.GetOrAdd(reader.ValueSpan, Encoding.UTF8);
    }

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Read(ref reader, pool, longest);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}

/// <summary>
/// Reads a long text that repeats from record to record (an alert's description, the same for every alert of a detection)
/// through a pool of its own, as <see cref="PooledStringConverter"/> reads shorter values: up to 1,024 bytes, fewer kept.
/// </summary>
internal sealed class PooledTextConverter() : PooledStringConverter(new StringPool(Kept), Longest)
{
    private const int Kept = 256;
    private const int Longest = 1024;
}
