using System.Globalization;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Mapping;
using Chariot.Capabilities.Emission;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Devices;

/// <summary>
/// A Defender machine as a Chariot asset: <c>dns</c> = computerDnsName in lower case; <c>name</c> = lastIpAddress, else
/// the first interface address, else the dns; <c>cloudId</c> = machine id; tags = machineTags; the rest as attributes.
/// </summary>
internal static class MachineToAsset
{
    public const string CloudService = "defender";

    public static (Asset Asset, IReadOnlyList<ChariotAttribute> Attributes)? Map(Machine machine, string tenantId, out string? problem, ModelStamp? stamp = null)
    {
        ArgumentNullException.ThrowIfNull(machine);
        if (string.IsNullOrWhiteSpace(machine.Id))
        {
            problem = "the machine has no id";
            return null;
        }

        if (DeviceDirectory.NormalizeHost(machine.ComputerDnsName) is not { } dns)
        {
            problem = $"machine {machine.Id} has no computerDnsName";
            return null;
        }

        var addresses = DistinctAddresses(machine.IpAddresses);
        var name = Present(machine.LastIpAddress) ?? (addresses.Count > 0 ? addresses[0] : null) ?? dns;
        var asset = new Asset(dns, name)
        {
            CloudId = machine.Id,
            CloudService = CloudService,
            CloudRoot = tenantId,
            Tags = machine.MachineTags is { Count: > 0 } tags ? tags : null,
            Username = stamp?.Username ?? "",
            Created = stamp?.Now,
            Visited = stamp?.Now,
            Ttl = stamp?.Ttl ?? 0,
        };

        var attributes = new FactAttributes(asset, expected: 17 + (machine.MachineTags?.Count ?? 0) + addresses.Count, stamp);
        attributes.Add("defenderMachineId", machine.Id);
        attributes.Add("osPlatform", machine.OsPlatform);
        attributes.Add("osVersion", machine.Version);
        attributes.Add("osBuild", machine.OsBuild?.ToString(CultureInfo.InvariantCulture));
        attributes.Add("riskScore", machine.RiskScore);
        attributes.Add("exposureLevel", machine.ExposureLevel);
        attributes.Add("healthStatus", machine.HealthStatus);
        attributes.Add("onboardingStatus", machine.OnboardingStatus);
        attributes.Add("deviceValue", machine.DeviceValue);
        attributes.Add("rbacGroupName", machine.RbacGroupName);
        attributes.Add("aadDeviceId", machine.AadDeviceId);
        attributes.Add("lastExternalIpAddress", machine.LastExternalIpAddress);
        attributes.Add("lastSeen", machine.LastSeen is { } seen ? Json.ChariotTimestampConverter.ToChariot(seen) : null);
        attributes.Add("potentialDuplicate", machine.IsPotentialDuplication == true ? "true" : null);
        attributes.Add("excluded", machine.IsExcluded == true ? "true" : null);
        attributes.Add("mergedIntoMachineId", machine.MergedIntoMachineId);
        attributes.AddEach("machineTag", machine.MachineTags);
        foreach (var address in addresses)
        {
            if (!address.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                attributes.Add("ipAddress", address);
            }
        }

        problem = null;
        return (asset, attributes.All);
    }

    // The interfaces' addresses, trimmed, each once (case aside) in the order given; a null interface (JSON does not forbid
    // one, and the parser keeps it) or a blank address is passed over. A machine has a handful, compared in a list: every
    // machine of a tenant is mapped, and the LINQ chain this replaces made six objects and a hash set for each.
    private static List<string> DistinctAddresses(IReadOnlyList<MachineAddress>? interfaces)
    {
        var given = interfaces ?? [];
        var addresses = new List<string>(given.Count);
        for (var i = 0; i < given.Count; i++)
        {
            if (given[i]?.IpAddress?.Trim() is { Length: > 0 } address && !Holds(addresses, address))
            {
                addresses.Add(address);
            }
        }

        return addresses;

        static bool Holds(List<string> addresses, string address)
        {
            foreach (var known in addresses)
            {
                if (known.Equals(address, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static string? Present(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
