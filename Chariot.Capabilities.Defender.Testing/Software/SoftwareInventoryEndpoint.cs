using System.Globalization;
using System.Text.Json;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Data.Generation;
using Chariot.Capabilities.Defender.Testing.Routing;
using Chariot.Capabilities.Defender.Testing.Vulnerabilities;

namespace Chariot.Capabilities.Defender.Testing.Software;

/// <summary>
/// <c>GET /api/machines/SoftwareInventoryByMachine</c>: one row per distinct (device, vendor, name, version) of the
/// tenant's current software rows (the software the vulnerability rows name, so both endpoints agree), in the documented
/// shape, paged as <see cref="RowPages"/> pages. End of support is drawn from the software's identity (a generated tenant has a dozen
/// products, of which this gives half none, and the others each kind): about one version in six past its end of support,
/// one product in five (of the rest) past its own, one version in six close to it.
/// </summary>
internal sealed class SoftwareInventoryEndpoint(TenantData data, int? pageLimit)
{
    public FakeResponse Handle(RequestContext context) => RowPages.Respond(
        context,
        data,
        "/api/machines/SoftwareInventoryByMachine",
        "microsoft.windowsDefenderATP.api.AssetSoftware",
        pageLimit,
        () => RowWriter(Names.Camel));

    /// <summary>
    /// A writer of the rows from one position on: each device's software once (a row it showed before, earlier in the
    /// listing too, is passed over and answers false), under <paramref name="names"/> (the export's files are in Pascal case).
    /// </summary>
    public Func<Utf8JsonWriter, long, FakeVulnerabilityRow, bool> RowWriter(Names names)
    {
        var device = (string?)null;
        var seen = new HashSet<(string, string, string)>();
        return (writer, position, row) =>
        {
            if (row.DeviceId != device)
            {
                // Rows of a device come together: the software it showed already, before this page too.
                (device, seen) = (row.DeviceId, SeenBefore(row.DeviceId, position));
            }

            if (!seen.Add((row.SoftwareVendor, row.SoftwareName, row.SoftwareVersion)))
            {
                return false;
            }

            Write(writer, row, names);
            return true;
        };
    }

    // The device's software in its rows before the position (a page that starts inside a device's rows, or rows added).
    private HashSet<(string, string, string)> SeenBefore(string deviceId, long position)
    {
        var seen = new HashSet<(string, string, string)>();
        foreach (var index in data.DeviceRows(deviceId))
        {
            if (index < position && data.RowAt(index) is { } row)
            {
                seen.Add((row.SoftwareVendor, row.SoftwareName, row.SoftwareVersion));
            }
        }

        for (var index = data.BaseRows.Count; index < position; index++)
        {
            if (data.RowAt(index) is { } row && row.DeviceId == deviceId)
            {
                seen.Add((row.SoftwareVendor, row.SoftwareName, row.SoftwareVersion));
            }
        }

        return seen;
    }

    private void Write(Utf8JsonWriter writer, FakeVulnerabilityRow row, Names names)
    {
        var product = StableHash.Fnv(StableHash.Fnv(StableHash.FnvOffset, row.SoftwareVendor), row.SoftwareName);
        var identity = StableHash.Fnv(product, row.SoftwareVersion);
        var (status, date) = (identity % 6, product % 5) switch
        {
            (0, _) => ("EOS Version", data.GeneratedAt.AddDays(-200)),
            (_, 0) => ("EOS Software", data.GeneratedAt.AddDays(-400)),
            (1, _) => ("Upcoming EOS Version", data.GeneratedAt.AddDays(60)),
            _ => ("None", (DateTimeOffset?)null),
        };

        writer.WriteStartObject();
        writer.WriteString(names.DeviceId, row.DeviceId);
        writer.WriteStringOrNull(names.RbacGroupName, row.RbacGroupName);
        writer.WriteString(names.DeviceName, row.DeviceName);
        writer.WriteStringOrNull(names.OsPlatform, row.OsPlatform);
        writer.WriteString(names.SoftwareVendor, row.SoftwareVendor);
        writer.WriteString(names.SoftwareName, row.SoftwareName);
        writer.WriteString(names.SoftwareVersion, row.SoftwareVersion);
        writer.WriteNumber(names.NumberOfWeaknesses, (int)((identity >> 32) % 12));
        writer.WriteStringArray(names.DiskPaths, row.DiskPaths);
        writer.WriteStringArray(names.RegistryPaths, row.RegistryPaths);
        writer.WriteString(names.SoftwareFirstSeenTimestamp, row.FirstSeenTimestamp.ToSpaceSeparatedTimestamp());
        writer.WriteString(names.EndOfSupportStatus, status);
        if (date is { } eos)
        {
            writer.WriteString(names.EndOfSupportDate, eos.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNull(names.EndOfSupportDate);
        }

        writer.WriteEndObject();
    }

    /// <summary>A row's property names: camel case in the API's pages (documented), Pascal case in the export's files (as the vulnerability export's are).</summary>
    internal sealed class Names
    {
        private Names(bool pascal)
        {
            JsonEncodedText Name(string camel) => JsonEncodedText.Encode(pascal ? char.ToUpperInvariant(camel[0]) + camel[1..] : camel);
            DeviceId = Name("deviceId");
            RbacGroupName = Name("rbacGroupName");
            DeviceName = Name("deviceName");
            OsPlatform = Name("osPlatform");
            SoftwareVendor = Name("softwareVendor");
            SoftwareName = Name("softwareName");
            SoftwareVersion = Name("softwareVersion");
            NumberOfWeaknesses = Name("numberOfWeaknesses");
            DiskPaths = Name("diskPaths");
            RegistryPaths = Name("registryPaths");
            SoftwareFirstSeenTimestamp = Name("softwareFirstSeenTimestamp");
            EndOfSupportStatus = Name("endOfSupportStatus");
            EndOfSupportDate = Name("endOfSupportDate");
        }

        public static Names Camel { get; } = new(pascal: false);

        public static Names Pascal { get; } = new(pascal: true);

        public JsonEncodedText DeviceId { get; }

        public JsonEncodedText RbacGroupName { get; }

        public JsonEncodedText DeviceName { get; }

        public JsonEncodedText OsPlatform { get; }

        public JsonEncodedText SoftwareVendor { get; }

        public JsonEncodedText SoftwareName { get; }

        public JsonEncodedText SoftwareVersion { get; }

        public JsonEncodedText NumberOfWeaknesses { get; }

        public JsonEncodedText DiskPaths { get; }

        public JsonEncodedText RegistryPaths { get; }

        public JsonEncodedText SoftwareFirstSeenTimestamp { get; }

        public JsonEncodedText EndOfSupportStatus { get; }

        public JsonEncodedText EndOfSupportDate { get; }
    }
}
