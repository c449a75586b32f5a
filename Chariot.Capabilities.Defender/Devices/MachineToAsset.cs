using System.Globalization;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Devices;

/// <summary>
/// A Defender machine as a Chariot asset: <c>dns</c> = computerDnsName in lower case; <c>name</c> = lastIpAddress, else
/// the first interface address, else the dns; <c>cloudId</c> = machine id; tags = machineTags; the rest as attributes.
/// </summary>
internal static class MachineToAsset
{
    public const string CloudService = "defender";

    public static (Asset Asset, IReadOnlyList<ChariotAttribute> Attributes)? Map(Machine machine, string tenantId, out string? problem)
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

        var addresses = (machine.IpAddresses ?? [])
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
        };

        var attributes = new List<ChariotAttribute>();
        void Add(string key, string? value)
        {
            if (Present(value) is { } v)
            {
                attributes.Add(new ChariotAttribute(key, v, asset));
            }
        }

        Add("defenderMachineId", machine.Id);
        Add("osPlatform", machine.OsPlatform);
        Add("osVersion", machine.Version);
        Add("osBuild", machine.OsBuild?.ToString(CultureInfo.InvariantCulture));
        Add("riskScore", machine.RiskScore);
        Add("exposureLevel", machine.ExposureLevel);
        Add("healthStatus", machine.HealthStatus);
        Add("onboardingStatus", machine.OnboardingStatus);
        Add("deviceValue", machine.DeviceValue);
        Add("rbacGroupName", machine.RbacGroupName);
        Add("aadDeviceId", machine.AadDeviceId);
        Add("lastExternalIpAddress", machine.LastExternalIpAddress);
        Add("lastSeen", machine.LastSeen is { } seen ? Json.ChariotTimestampConverter.ToChariot(seen) : null);
        foreach (var tag in machine.MachineTags ?? [])
        {
            Add("machineTag", tag);
        }

        foreach (var address in addresses.Where(a => !a.Equals(name, StringComparison.OrdinalIgnoreCase)))
        {
            Add("ipAddress", address);
        }

        problem = null;
        return (asset, attributes);
    }

    private static string? Present(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
