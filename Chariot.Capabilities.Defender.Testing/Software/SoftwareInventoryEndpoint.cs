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
        () =>
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

                Write(writer, row);
                return true;
            };
        });

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

    private static readonly JsonEncodedText RbacGroupName = JsonEncodedText.Encode("rbacGroupName");
    private static readonly JsonEncodedText OsPlatform = JsonEncodedText.Encode("osPlatform");
    private static readonly JsonEncodedText DiskPaths = JsonEncodedText.Encode("diskPaths");
    private static readonly JsonEncodedText RegistryPaths = JsonEncodedText.Encode("registryPaths");
    private void Write(Utf8JsonWriter writer, FakeVulnerabilityRow row)
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
        writer.WriteString("deviceId", row.DeviceId);
        writer.WriteStringOrNull(RbacGroupName, row.RbacGroupName);
        writer.WriteString("deviceName", row.DeviceName);
        writer.WriteStringOrNull(OsPlatform, row.OsPlatform);
        writer.WriteString("softwareVendor", row.SoftwareVendor);
        writer.WriteString("softwareName", row.SoftwareName);
        writer.WriteString("softwareVersion", row.SoftwareVersion);
        writer.WriteNumber("numberOfWeaknesses", (int)((identity >> 32) % 12));
        writer.WriteStringArray(DiskPaths, row.DiskPaths);
        writer.WriteStringArray(RegistryPaths, row.RegistryPaths);
        writer.WriteString("softwareFirstSeenTimestamp", row.FirstSeenTimestamp.ToSpaceSeparatedTimestamp());
        writer.WriteString("endOfSupportStatus", status);
        if (date is { } eos)
        {
            writer.WriteString("endOfSupportDate", eos.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNull("endOfSupportDate");
        }

        writer.WriteEndObject();
    }
}
