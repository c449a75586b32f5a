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

        // OfType passes over a null interface: JSON does not forbid one, and the parser keeps it.
        var addresses = (machine.IpAddresses ?? [])
            .OfType<MachineAddress>()
            .Select(a => a.IpAddress?.Trim())
            .Where(a => !string.IsNullOrEmpty(a))
            .Select(a => a!)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var name = Present(machine.LastIpAddress) ?? addresses.FirstOrDefault() ?? dns;
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

        var attributes = new FactAttributes(asset, expected: 14 + (machine.MachineTags?.Count ?? 0) + addresses.Count, stamp);
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
        attributes.AddEach("machineTag", machine.MachineTags);
        attributes.AddEach("ipAddress", addresses.Where(a => !a.Equals(name, StringComparison.OrdinalIgnoreCase)));

        problem = null;
        return (asset, attributes.All);
    }

    private static string? Present(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
