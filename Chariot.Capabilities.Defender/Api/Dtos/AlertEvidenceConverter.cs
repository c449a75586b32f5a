using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityToolkit.HighPerformance.Buffers;

namespace Chariot.Capabilities.Defender.Api.Dtos;

/// <summary>
/// Reads an alert's evidence array into an <see cref="AlertEvidence"/>, token by token: each item's fields are read in
/// place (text as UTF-8 into a pooled buffer), its summary line written, and the item dropped. Reading an object per item,
/// with its strings and lists, was about a sixth of what a sync allocated per alert, for evidence most alerts never show.
/// Items are read as the built-in reading of a record with these fields would read them: names in any case, the last of a
/// repeated name, null items passed over, anything of the wrong type a JSON error.
/// </summary>
internal sealed class AlertEvidenceConverter : JsonConverter<AlertEvidence>
{
    // Where an item's text values are read, kept by each thread that reads alerts (the reading never awaits). Its
    // buffer stays rented, as large as the largest item read.
    [ThreadStatic]
    private static ArrayPoolBufferWriter<byte>? t_values;

    // Values that repeat from alert to alert, pooled as their properties' own converters pool them.
    private readonly StringPool _kinds = PooledStringConverter.NewPool();
    private readonly StringPool _hosts = PooledStringConverter.NewPool();
    private readonly StringPool _deviceIds = PooledStringConverter.NewPool();
    private readonly StringPool _verdicts = PooledStringConverter.NewPool();

    public override AlertEvidence Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        InPlaceLists.ExpectArray(ref reader);
        var lines = new ArrayPoolBufferWriter<byte>();
        var values = t_values ??= new ArrayPoolBufferWriter<byte>();
        try
        {
            string? deviceId = null;
            string? deviceDnsName = null;
            List<EvidenceDevice>? more = null;
            var described = 0;
            while (InPlaceLists.Next(ref reader, JsonTokenType.EndArray))
            {
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue; // JSON does not forbid a null item: it is no evidence, not a reason to fail
                }

                values.Clear();
                var item = ReadItem(ref reader, values);
                if (item.IsDevice)
                {
                    if (deviceId is null && deviceDnsName is null)
                    {
                        (deviceId, deviceDnsName) = (item.DeviceId, item.DeviceDnsName);
                    }
                    else if (more is null || more.Count < AlertEvidence.MaxLines)
                    {
                        (more ??= []).Add(new EvidenceDevice(item.DeviceId, item.DeviceDnsName));
                    }
                }

                if (described < AlertEvidence.MaxLines)
                {
                    item.Describe(lines, values);
                    described++;
                }
            }

            return new AlertEvidence(deviceId, deviceDnsName, lines) { MoreDevices = more };
        }
        catch
        {
            lines.Dispose();
            throw;
        }
        finally
        {
            values.Clear();
        }
    }

    public override void Write(Utf8JsonWriter writer, AlertEvidence value, JsonSerializerOptions options) =>
        throw new NotSupportedException("An alert's evidence is read into its summary; it is not written back as JSON.");

    private Item ReadItem(ref Utf8JsonReader reader, ArrayPoolBufferWriter<byte> values)
    {
        InPlaceLists.ExpectObject(ref reader, "an evidence item");
        var item = default(Item);
        ReadFields(ref reader, ItemFields, ref item, values);
        return item;
    }

    // The fields of the nested objects an item has (declared first: the item's fields refer to them).
    private static readonly Field[] FileFields =
    [
        new("fileName", static (_, ref reader, ref item, values) => item.FileName = Text(ref reader, values)),
        new("filePath", static (_, ref reader, ref item, values) => item.FilePath = Text(ref reader, values)),
        new("sha256", static (_, ref reader, ref item, values) => item.Sha256 = Text(ref reader, values)),
    ];

    private static readonly Field[] AccountFields =
    [
        new("accountName", static (_, ref reader, ref item, values) => item.AccountName = Text(ref reader, values)),
        new("domainName", static (_, ref reader, ref item, values) => item.DomainName = Text(ref reader, values)),
    ];

    // The fields read, each with how its value is read into the item; any other is skipped.
    private static readonly Field[] ItemFields =
    [
        new("@odata.type", static (self, ref reader, ref item, _) => item.Type = Pooled(ref reader, self._kinds)),
        new("deviceDnsName", static (self, ref reader, ref item, _) => item.DeviceDnsName = Pooled(ref reader, self._hosts)),
        new("mdeDeviceId", static (self, ref reader, ref item, _) => item.DeviceId = Pooled(ref reader, self._deviceIds)),
        new("verdict", static (self, ref reader, ref item, _) => item.Verdict = Pooled(ref reader, self._verdicts)),
        new("ipAddress", static (_, ref reader, ref item, values) => item.IpAddress = Text(ref reader, values)),
        new("url", static (_, ref reader, ref item, values) => item.Url = Text(ref reader, values)),
        new("processCommandLine", static (_, ref reader, ref item, values) => item.CommandLine = Text(ref reader, values)),
        new("ipInterfaces", static (_, ref reader, ref item, values) => item.Interfaces = Joined(ref reader, values)),
        new("fileDetails", static (self, ref reader, ref item, values) =>
        {
            // A later object of the same name replaces an earlier one whole, as a later value of a property does.
            (item.FileName, item.FilePath, item.Sha256) = (default, default, default);
            self.ReadObject(ref reader, "fileDetails", FileFields, ref item, values);
        }),
        new("userAccount", static (self, ref reader, ref item, values) =>
        {
            (item.AccountName, item.DomainName) = (default, default);
            self.ReadObject(ref reader, "userAccount", AccountFields, ref item, values);
        }),
    ];

    private void ReadObject(ref Utf8JsonReader reader, string what, Field[] fields, ref Item item, ArrayPoolBufferWriter<byte> values)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.Null)
        {
            InPlaceLists.ExpectObject(ref reader, what);
            ReadFields(ref reader, fields, ref item, values);
        }
    }

    private void ReadFields(ref Utf8JsonReader reader, Field[] fields, ref Item item, ArrayPoolBufferWriter<byte> values)
    {
        while (InPlaceLists.Next(ref reader, JsonTokenType.EndObject))
        {
            var field = 0;
            while (field < fields.Length && !InPlaceLists.NameIs(ref reader, fields[field].Name, fields[field].Utf8))
            {
                field++;
            }

            if (field < fields.Length)
            {
                fields[field].Read(this, ref reader, ref item, values);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    // A string property's value, unescaped into values; null reads as empty (the summary shows nothing for either).
    private static Slice Text(ref Utf8JsonReader reader, ArrayPoolBufferWriter<byte> values)
    {
        reader.Read();
        return Copy(ref reader, values);
    }

    private static Slice Copy(ref Utf8JsonReader reader, ArrayPoolBufferWriter<byte> values)
    {
        var room = InPlaceLists.Utf8Room(ref reader);
        if (room < 0)
        {
            return default;
        }

        var start = values.WrittenCount;
        values.Advance(reader.CopyString(values.GetSpan(room)));
        return new Slice(start, values.WrittenCount - start);
    }

    // The addresses of an ipInterfaces array, joined by spaces (a null one adds nothing between its separators).
    private static Slice Joined(ref Utf8JsonReader reader, ArrayPoolBufferWriter<byte> values)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return default;
        }

        InPlaceLists.ExpectArray(ref reader);
        var start = values.WrittenCount;
        var first = true;
        while (InPlaceLists.Next(ref reader, JsonTokenType.EndArray))
        {
            if (!first)
            {
                values.Write(" "u8);
            }

            first = false;
            Copy(ref reader, values);
        }

        return new Slice(start, values.WrittenCount - start);
    }

    private static string? Pooled(ref Utf8JsonReader reader, StringPool pool)
    {
        reader.Read();
        return InPlaceLists.PooledOrNull(ref reader, pool);
    }

    /// <summary>Reads a field's value (the reader at its name) into the item.</summary>
    private delegate void FieldReader(AlertEvidenceConverter self, ref Utf8JsonReader reader, ref Item item, ArrayPoolBufferWriter<byte> values);

    /// <summary>A field read: its JSON name (matched in any case) and how its value is read.</summary>
    private sealed record Field(string Name, FieldReader Read)
    {
        public byte[] Utf8 { get; } = Encoding.UTF8.GetBytes(Name);
    }

    /// <summary>Where a text value was copied: a range of the item's values buffer (empty for null).</summary>
    private readonly record struct Slice(int Start, int Length);

    /// <summary>The fields of one item the summary and the device choice read.</summary>
    private struct Item
    {
        public string? Type;
        public string? DeviceDnsName;
        public string? DeviceId;
        public string? Verdict;
        public Slice IpAddress;
        public Slice Url;
        public Slice CommandLine;
        public Slice Interfaces;
        public Slice FilePath;
        public Slice FileName;
        public Slice Sha256;
        public Slice AccountName;
        public Slice DomainName;

        public readonly bool IsDevice =>
            Type?.EndsWith("deviceEvidence", StringComparison.OrdinalIgnoreCase) == true && (DeviceId is not null || DeviceDnsName is not null);

        /// <summary>Writes "- {kind}: {detail, trimmed} [{verdict}]" and a line feed.</summary>
        public readonly void Describe(ArrayPoolBufferWriter<byte> lines, ArrayPoolBufferWriter<byte> values)
        {
            var kind = Type is { } type ? type.AsSpan(type.LastIndexOf('.') + 1) : "evidence";
            lines.Write("- "u8);
            Encoding.UTF8.GetBytes(kind, lines);
            lines.Write(": "u8);

            // The detail is put together past the item's values, then trimmed into the line.
            var start = values.WrittenCount;
            switch (kind)
            {
                case "deviceEvidence":
                    Encoding.UTF8.GetBytes(DeviceDnsName, values);
                    values.Write(" ("u8);
                    Encoding.UTF8.GetBytes(DeviceId, values);
                    values.Write(") "u8);
                    Append(values, Interfaces);
                    break;
                case "fileEvidence":
                    Append(values, FilePath);
                    values.Write("\\"u8);
                    Append(values, FileName);
                    values.Write(" sha256 "u8);
                    Append(values, Sha256);
                    break;
                case "processEvidence":
                    Append(values, CommandLine);
                    break;
                case "ipEvidence":
                    Append(values, IpAddress);
                    break;
                case "urlEvidence":
                    Append(values, Url);
                    break;
                case "userEvidence":
                    Append(values, DomainName);
                    values.Write("\\"u8);
                    Append(values, AccountName);
                    break;
            }

            lines.Write(Trim(values.WrittenSpan[start..]));
            lines.Write(" ["u8);
            Encoding.UTF8.GetBytes(Verdict, lines);
            lines.Write("]\n"u8);
        }

        // Copies a value read earlier to the end of the same buffer (taken after the span is: making room may move it).
        private static void Append(ArrayPoolBufferWriter<byte> values, Slice value)
        {
            var target = values.GetSpan(value.Length);
            values.WrittenSpan.Slice(value.Start, value.Length).CopyTo(target);
            values.Advance(value.Length);
        }

        // White space off both ends, as string.Trim takes it.
        private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
        {
            while (Rune.DecodeFromUtf8(text, out var rune, out var length) == OperationStatus.Done && Rune.IsWhiteSpace(rune))
            {
                text = text[length..];
            }

            while (Rune.DecodeLastFromUtf8(text, out var rune, out var length) == OperationStatus.Done && Rune.IsWhiteSpace(rune))
            {
                text = text[..^length];
            }

            return text;
        }
    }
}
