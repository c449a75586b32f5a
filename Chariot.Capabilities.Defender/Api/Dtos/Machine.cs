using System.Text.Json.Serialization;

namespace Chariot.Capabilities.Defender.Api.Dtos;

/// <summary>A Defender for Endpoint machine (<c>/api/machines</c>).</summary>
internal sealed record Machine
{
    /// <summary>The machine id (Graph evidence calls it <c>mdeDeviceId</c>).</summary>
    public string? Id { get; set; }

    /// <summary>The fully qualified host name.</summary>
    public string? ComputerDnsName { get; set; }

    /// <summary>First seen.</summary>
    public DateTimeOffset? FirstSeen { get; set; }

    /// <summary>Last seen.</summary>
    public DateTimeOffset? LastSeen { get; set; }

    /// <summary>The platform, such as Windows10.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? OsPlatform { get; set; }

    /// <summary>The OS version.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? Version { get; set; }

    /// <summary>The OS build.</summary>
    public long? OsBuild { get; set; }

    /// <summary>The last internal address seen.</summary>
    public string? LastIpAddress { get; set; }

    /// <summary>The last external address seen.</summary>
    public string? LastExternalIpAddress { get; set; }

    /// <summary>Every interface.</summary>
    [JsonConverter(typeof(MachineAddressesConverter))]
    public IReadOnlyList<MachineAddress>? IpAddresses { get; set; }

    /// <summary>Active, Inactive, ImpairedCommunication...</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? HealthStatus { get; set; }

    /// <summary>Onboarded, CanBeOnboarded...</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? OnboardingStatus { get; set; }

    /// <summary>The device group's id.</summary>
    public int? RbacGroupId { get; set; }

    /// <summary>The device group.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? RbacGroupName { get; set; }

    /// <summary>None, Informational, Low, Medium, High.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? RiskScore { get; set; }

    /// <summary>None, Low, Medium, High.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? ExposureLevel { get; set; }

    /// <summary>Normal, Low, High.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? DeviceValue { get; set; }

    /// <summary>The Entra (Azure AD) device id.</summary>
    public string? AadDeviceId { get; set; }

    /// <summary>Excluded in Defender (undocumented, seen in real responses; absent = not excluded).</summary>
    public bool? IsExcluded { get; set; }

    /// <summary>The machine this one was merged into (undocumented, seen in real responses).</summary>
    public string? MergedIntoMachineId { get; set; }

    /// <summary>Defender takes it for a possible duplicate of another device (undocumented, seen in real responses).</summary>
    public bool? IsPotentialDuplication { get; set; }

    /// <summary>Tags.</summary>
    [JsonConverter(typeof(StringListConverter))]
    public IReadOnlyList<string>? MachineTags { get; set; }
}

/// <summary>
/// One interface of a machine, read for its address only: the MAC address and operational status it also carries are
/// mapped to nothing, and every machine of a tenant has a few interfaces (a string each, read for nothing).
/// </summary>
internal sealed record MachineAddress
{
    /// <summary>The address.</summary>
    public string? IpAddress { get; set; }
}
