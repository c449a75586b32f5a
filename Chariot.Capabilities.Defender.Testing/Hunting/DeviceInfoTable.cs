using System.Text.Json;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Data.Generation;

namespace Chariot.Capabilities.Defender.Testing.Hunting;

/// <summary>
/// The advanced hunting table <c>DeviceInfo</c> of the tenant's machines: three reports a machine, two full ones (three
/// days and one day before it was last seen) and a heartbeat (when last seen) that carries no platform and no
/// internet-facing flag. One onboarded Windows machine in five is internet facing in both full reports, and one in ten
/// was in the older report only (the flag is cleared 48 hours after the last event): a query that filters the flag
/// before taking each device's latest report counts those as facing, as it would against the service.
/// </summary>
internal static class DeviceInfoTable
{
    public static readonly IReadOnlyList<KustoColumn> Columns =
    [
        new("Timestamp", KustoType.DateTime),
        new("DeviceId", KustoType.String),
        new("DeviceName", KustoType.String),
        new("OSPlatform", KustoType.String),
        new("PublicIP", KustoType.String),
        new("IsInternetFacing", KustoType.Boolean),
        new("AdditionalFields", KustoType.String),
    ];

    private static readonly int[] Ports = [3389, 443, 22, 445, 8443, 5985, 80];

    /// <summary>The reports of the tenant's current machines made since <paramref name="since"/>.</summary>
    public static KustoTable Of(TenantData data, DateTimeOffset since) => new(Columns, Rows(data, since));

    /// <summary>The exposure of a machine's latest full report, or null when that report is not internet facing.</summary>
    public static FakeExposure? Now(FakeMachine machine) => Facing(machine) == Flag.Now ? Exposure(machine, machine.LastSeen.AddDays(-1)) : null;

    private enum Flag
    {
        Never,
        Now,
        Before,
    }

    private static Flag Facing(FakeMachine machine)
    {
        if (machine.OsPlatform?.StartsWith("Windows", StringComparison.OrdinalIgnoreCase) != true || machine.OnboardingStatus != "Onboarded")
        {
            return Flag.Never; // the detection covers onboarded Windows devices only
        }

        return (StableHash.Fnv(StableHash.FnvOffset, machine.Id) % 10) switch
        {
            0 or 1 => Flag.Now,
            2 => Flag.Before,
            _ => Flag.Never,
        };
    }

    private static FakeExposure Exposure(FakeMachine machine, DateTimeOffset seen)
    {
        var hash = StableHash.Fnv(StableHash.Fnv(StableHash.FnvOffset, machine.Id), "exposure");
        var (protocol, port) = hash % 7 == 6 ? ("Udp", 500) : ("Tcp", Ports[(int)(hash / 7 % (ulong)Ports.Length)]);
        var publicPort = port == 443 && hash % 3 == 0 ? 8443 : port; // a port forwarded from another number
        return new FakeExposure(
            machine.Id,
            hash % 2 == 0 ? "ExternalNetworkConnection" : "PublicScan",
            machine.LastExternalIpAddress ?? $"198.51.100.{hash % 250}",
            publicPort,
            protocol,
            machine.LastIpAddress,
            port,
            seen);
    }

    private static IEnumerable<object?[]> Rows(TenantData data, DateTimeOffset since)
    {
        for (long index = 0; index < data.MachineSpace; index++)
        {
            if (data.MachineAt(index) is not { } machine)
            {
                continue;
            }

            var flag = Facing(machine);
            var older = machine.LastSeen.AddDays(-3);
            var newer = machine.LastSeen.AddDays(-1);
            foreach (var (time, facing, full) in new[] { (older, flag != Flag.Never, true), (newer, flag == Flag.Now, true), (machine.LastSeen, false, false) })
            {
                if (time >= since)
                {
                    yield return
                    [
                        time,
                        machine.Id,
                        machine.ComputerDnsName,
                        full ? machine.OsPlatform : null,
                        machine.LastExternalIpAddress,
                        full ? facing : null,
                        facing ? Fields(Exposure(machine, time)) : "{}",
                    ];
                }
            }
        }
    }

    // The AdditionalFields JSON: its port values' types are not documented, so the fake writes them as numbers for some
    // devices and as strings for others (the documented query converts them with toint()).
    private static string Fields(FakeExposure exposure)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var asText = exposure.PublicPort % 2 == 1;
            writer.WriteStartObject();
            writer.WriteString("InternetFacingReason", exposure.Reason);
            writer.WriteString("InternetFacingLocalIp", exposure.LocalIp);
            WritePort(writer, "InternetFacingLocalPort", exposure.LocalPort, asText);
            writer.WriteString("InternetFacingPublicScannedIp", exposure.PublicIp);
            WritePort(writer, "InternetFacingPublicScannedPort", exposure.PublicPort, asText);
            writer.WriteString("InternetFacingTransportProtocol", exposure.Protocol);
            writer.WriteString("InternetFacingLastSeen", KustoFunctions.Written(exposure.LastSeen));
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());

        static void WritePort(Utf8JsonWriter writer, string name, int port, bool asText)
        {
            if (asText)
            {
                writer.WriteString(name, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                writer.WriteNumber(name, port);
            }
        }
    }
}
