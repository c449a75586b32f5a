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

    /// <summary>An array of strings (null elements kept) at the reader.</summary>
    public static List<string> Strings(ref Utf8JsonReader reader)
    {
        ExpectArray(ref reader);
        var values = new List<string>();
        while (Next(ref reader, JsonTokenType.EndArray))
        {
            values.Add(StringOrNull(ref reader)!);
        }

        return values;
    }

    /// <summary>A string element or null; anything else is a JSON error, as for a string property.</summary>
    public static string? StringOrNull(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"Expected a JSON string, found {reader.TokenType}."),
    };

    /// <summary>Whether the property name at the reader is <paramref name="name"/>, case aside as the options' matching does.</summary>
    public static bool NameIs(ref Utf8JsonReader reader, string name, ReadOnlySpan<byte> utf8Name) =>
        !reader.ValueIsEscaped && !reader.HasValueSequence && Ascii.IsValid(reader.ValueSpan)
            ? Ascii.EqualsIgnoreCase(reader.ValueSpan, utf8Name)
            : string.Equals(reader.GetString(), name, StringComparison.OrdinalIgnoreCase);
}

/// <summary>An array of strings (machine tags), read in place.</summary>
internal sealed class StringListConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        InPlaceLists.Strings(ref reader);

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

/// <summary>
/// An alert's evidence, read in place (an alert's nested evidence made System.Text.Json allocate a stack of read frames
/// for every alert): each item's fields mapping uses, the rest skipped, as the built-in reading of <see cref="GraphEvidence"/>
/// reads them (names in any case, the last of a repeated name, null items kept, anything of the wrong type a JSON error).
/// </summary>
internal sealed class AlertEvidenceConverter : JsonConverter<IReadOnlyList<GraphEvidence>>
{
    // Values that repeat from alert to alert, pooled as their properties' own converters pool them.
    private readonly StringPool _kinds = PooledStringConverter.NewPool();
    private readonly StringPool _hosts = PooledStringConverter.NewPool();
    private readonly StringPool _deviceIds = PooledStringConverter.NewPool();
    private readonly StringPool _verdicts = PooledStringConverter.NewPool();

    public override IReadOnlyList<GraphEvidence> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        InPlaceLists.ExpectArray(ref reader);
        var evidence = new List<GraphEvidence>();
        while (InPlaceLists.Next(ref reader, JsonTokenType.EndArray))
        {
            evidence.Add(reader.TokenType == JsonTokenType.Null ? null! : ReadItem(ref reader));
        }

        return evidence;
    }

    // Only reading needs to be in place: written as the built-in converters write it (the property's type is in the context).
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<GraphEvidence> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);

    private GraphEvidence ReadItem(ref Utf8JsonReader reader)
    {
        InPlaceLists.ExpectObject(ref reader, "an evidence item");
        var item = new GraphEvidence();
        while (InPlaceLists.Next(ref reader, JsonTokenType.EndObject))
        {
            if (InPlaceLists.NameIs(ref reader, "@odata.type", "@odata.type"u8))
            {
                item.ODataType = Pooled(ref reader, _kinds);
            }
            else if (InPlaceLists.NameIs(ref reader, "deviceDnsName", "deviceDnsName"u8))
            {
                item.DeviceDnsName = Pooled(ref reader, _hosts);
            }
            else if (InPlaceLists.NameIs(ref reader, "mdeDeviceId", "mdeDeviceId"u8))
            {
                item.MdeDeviceId = Pooled(ref reader, _deviceIds);
            }
            else if (InPlaceLists.NameIs(ref reader, "verdict", "verdict"u8))
            {
                item.Verdict = Pooled(ref reader, _verdicts);
            }
            else if (InPlaceLists.NameIs(ref reader, "ipAddress", "ipAddress"u8))
            {
                item.IpAddress = Text(ref reader);
            }
            else if (InPlaceLists.NameIs(ref reader, "url", "url"u8))
            {
                item.Url = Text(ref reader);
            }
            else if (InPlaceLists.NameIs(ref reader, "processCommandLine", "processCommandLine"u8))
            {
                item.ProcessCommandLine = Text(ref reader);
            }
            else if (InPlaceLists.NameIs(ref reader, "ipInterfaces", "ipInterfaces"u8))
            {
                item.IpInterfaces = Value(ref reader) ? InPlaceLists.Strings(ref reader) : null;
            }
            else if (InPlaceLists.NameIs(ref reader, "fileDetails", "fileDetails"u8))
            {
                item.FileDetails = Value(ref reader) ? ReadFile(ref reader) : null;
            }
            else if (InPlaceLists.NameIs(ref reader, "userAccount", "userAccount"u8))
            {
                item.UserAccount = Value(ref reader) ? ReadAccount(ref reader) : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return item;
    }

    // The nested objects evidence has, read for their string fields.
    private static readonly StringField<GraphFileDetails>[] FileFields =
    [
        new("fileName", "fileName"u8.ToArray(), (file, value) => file.FileName = value),
        new("filePath", "filePath"u8.ToArray(), (file, value) => file.FilePath = value),
        new("sha256", "sha256"u8.ToArray(), (file, value) => file.Sha256 = value),
    ];

    private static readonly StringField<GraphUserAccount>[] AccountFields =
    [
        new("accountName", "accountName"u8.ToArray(), (account, value) => account.AccountName = value),
        new("domainName", "domainName"u8.ToArray(), (account, value) => account.DomainName = value),
    ];

    private static GraphFileDetails ReadFile(ref Utf8JsonReader reader) => ReadStrings(ref reader, "fileDetails", new GraphFileDetails(), FileFields);

    private static GraphUserAccount ReadAccount(ref Utf8JsonReader reader) => ReadStrings(ref reader, "userAccount", new GraphUserAccount(), AccountFields);

    // An object whose named fields are strings (any other field skipped), set on target.
    private static T ReadStrings<T>(ref Utf8JsonReader reader, string what, T target, StringField<T>[] fields)
    {
        InPlaceLists.ExpectObject(ref reader, what);
        while (InPlaceLists.Next(ref reader, JsonTokenType.EndObject))
        {
            StringField<T>? field = null;
            for (var i = 0; i < fields.Length && field is null; i++)
            {
                field = fields[i].Is(ref reader) ? fields[i] : null;
            }

            if (field is null)
            {
                reader.Read();
                reader.Skip();
            }
            else
            {
                field.Set(target, Text(ref reader));
            }
        }

        return target;
    }

    // Moves to the property's value: false when it is null.
    private static bool Value(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType != JsonTokenType.Null;
    }

    private static string? Text(ref Utf8JsonReader reader)
    {
        reader.Read();
        return InPlaceLists.StringOrNull(ref reader);
    }

    private static string? Pooled(ref Utf8JsonReader reader, StringPool pool)
    {
        reader.Read();
        return reader.TokenType is JsonTokenType.String or JsonTokenType.Null
            ? PooledStringConverter.Read(ref reader, pool)
            : InPlaceLists.StringOrNull(ref reader);
    }
}

/// <summary>A string field of a nested object: its JSON name, and how its value is set.</summary>
internal sealed record StringField<T>(string Name, byte[] Utf8Name, Action<T, string?> Set)
{
    public bool Is(ref Utf8JsonReader reader) => InPlaceLists.NameIs(ref reader, Name, Utf8Name);
}
