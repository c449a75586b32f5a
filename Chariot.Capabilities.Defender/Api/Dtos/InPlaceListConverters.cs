using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityToolkit.HighPerformance.Buffers;

namespace Chariot.Capabilities.Defender.Api.Dtos;

/// <summary>
/// A record's small arrays read in place, as values: System.Text.Json reads a nested collection through a stack of frames
/// it allocates for every record that has one (half a KB for each machine of a tenant); these read the array token by
/// token instead. They read what the built-in converters read: null elements kept, anything else a JSON error.
/// </summary>
internal static class InPlaceLists
{
    /// <summary>
    /// Moves to the next element of an array (<paramref name="end"/> <see cref="JsonTokenType.EndArray"/>) or property of an
    /// object (<see cref="JsonTokenType.EndObject"/>); false at its end.
    /// </summary>
    public static bool Next(ref Utf8JsonReader reader, JsonTokenType end)
    {
        if (!reader.Read())
        {
            throw new JsonException($"The value ended before its {(end == JsonTokenType.EndArray ? "closing bracket" : "closing brace")}.");
        }

        return reader.TokenType != end;
    }

    /// <summary>Throws unless the reader is at the start of an array.</summary>
    public static void ExpectArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected a JSON array, found {reader.TokenType}.");
        }
    }

    /// <summary>Throws unless the reader is at the start of an object (<paramref name="what"/> names it in the error).</summary>
    public static void ExpectObject(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object for {what}, found {reader.TokenType}.");
        }
    }

    /// <summary>
    /// An array of strings (null elements kept) at the reader, each through <paramref name="pool"/>: a tag or a technique
    /// repeats from record to record. The array is exactly as long as the list (collected in a pooled one first).
    /// </summary>
    public static string[] Strings(ref Utf8JsonReader reader, StringPool pool)
    {
        ExpectArray(ref reader);
        var collected = ArrayPool<string>.Shared.Rent(4);
        var count = 0;
        try
        {
            while (Next(ref reader, JsonTokenType.EndArray))
            {
                if (count == collected.Length)
                {
                    var larger = ArrayPool<string>.Shared.Rent(count * 2);
                    collected.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<string>.Shared.Return(collected, clearArray: true);
                    collected = larger;
                }

                collected[count++] = PooledOrNull(ref reader, pool)!; // a null element is kept, as the built-in reading keeps it
            }

            return count == 0 ? [] : collected.AsSpan(0, count).ToArray();
        }
        finally
        {
            ArrayPool<string>.Shared.Return(collected, clearArray: true);
        }
    }

    /// <summary>A string element or null; anything else is a JSON error, as for a string property.</summary>
    public static string? StringOrNull(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw NotAString(reader.TokenType),
    };

    /// <summary>A string element or null, read through <paramref name="pool"/>; anything else is a JSON error, as for a string property.</summary>
    public static string? PooledOrNull(ref Utf8JsonReader reader, StringPool pool) =>
        reader.TokenType is JsonTokenType.String or JsonTokenType.Null ? PooledStringConverter.Read(ref reader, pool) : throw NotAString(reader.TokenType);

    /// <summary>
    /// At a string, the most bytes its text takes as UTF-8 once unescaped (the raw value's length: never less), the room
    /// <see cref="Utf8JsonReader.CopyString(Span{byte})"/> needs; -1 at null; anything else a JSON error, as for a string property.
    /// </summary>
    public static int Utf8Room(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length,
        JsonTokenType.Null => -1,
        _ => throw NotAString(reader.TokenType),
    };

    private static JsonException NotAString(JsonTokenType found) => new($"Expected a JSON string, found {found}.");

    /// <summary>Whether the property name at the reader is <paramref name="name"/>, case aside as the options' matching does.</summary>
    public static bool NameIs(ref Utf8JsonReader reader, string name, ReadOnlySpan<byte> utf8Name) =>
        !reader.ValueIsEscaped && !reader.HasValueSequence && Ascii.IsValid(reader.ValueSpan)
            ? Ascii.EqualsIgnoreCase(reader.ValueSpan, utf8Name)
            : string.Equals(reader.GetString(), name, StringComparison.OrdinalIgnoreCase);
}

/// <summary>An array of strings that repeat from record to record (machine tags, MITRE techniques), read in place through a pool of its own.</summary>
internal sealed class StringListConverter : JsonConverter<IReadOnlyList<string>>
{
    private readonly StringPool _pool = PooledStringConverter.NewPool();

    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        InPlaceLists.Strings(ref reader, _pool);

    // Only reading needs to be in place: written as the built-in converters write it (the property's type is in the context).
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);
}

/// <summary>A machine's interfaces, read in place for their addresses.</summary>
internal sealed class MachineAddressesConverter : JsonConverter<IReadOnlyList<MachineAddress>>
{
    public override IReadOnlyList<MachineAddress> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        InPlaceLists.ExpectArray(ref reader);
        var interfaces = new List<MachineAddress>();
        while (InPlaceLists.Next(ref reader, JsonTokenType.EndArray))
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                interfaces.Add(null!); // kept, as the built-in reading keeps it: mapping passes over it
                continue;
            }

            InPlaceLists.ExpectObject(ref reader, "an interface");

            string? address = null;
            while (InPlaceLists.Next(ref reader, JsonTokenType.EndObject))
            {
                var isAddress = InPlaceLists.NameIs(ref reader, "ipAddress", "ipAddress"u8);
                reader.Read();
                if (isAddress)
                {
                    address = InPlaceLists.StringOrNull(ref reader); // the last one wins, as with the built-in reading
                }
                else
                {
                    reader.Skip();
                }
            }

            interfaces.Add(new MachineAddress { IpAddress = address });
        }

        return interfaces;
    }

    // Only reading needs to be in place: written as the built-in converters write it (the property's type is in the context).
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<MachineAddress> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);
}
