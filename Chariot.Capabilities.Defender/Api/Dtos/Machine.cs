namespace Chariot.Capabilities.Defender.Api.Dtos;

/// <summary>A Defender for Endpoint machine (<c>/api/machines</c>).</summary>
internal sealed record Machine
{
    /// <summary>The machine id (Graph evidence calls it <c>mdeDeviceId</c>).</summary>
    public string? Id { get; init; }

    /// <summary>The fully qualified host name.</summary>
    public string? ComputerDnsName { get; init; }

    /// <summary>First seen.</summary>
    public DateTimeOffset? FirstSeen { get; init; }

    /// <summary>Last seen.</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>The platform, such as Windows10.</summary>
    public string? OsPlatform { get; init; }

    /// <summary>The OS version.</summary>
    public string? Version { get; init; }

    /// <summary>The OS build.</summary>
    public long? OsBuild { get; init; }

    /// <summary>The last internal address seen.</summary>
    public string? LastIpAddress { get; init; }

    /// <summary>The last external address seen.</summary>
    public string? LastExternalIpAddress { get; init; }

    /// <summary>Every interface.</summary>
    public IReadOnlyList<MachineAddress>? IpAddresses { get; init; }

    /// <summary>Active, Inactive, ImpairedCommunication...</summary>
    public string? HealthStatus { get; init; }

    /// <summary>Onboarded, CanBeOnboarded...</summary>
    public string? OnboardingStatus { get; init; }

    /// <summary>The device group.</summary>
    public string? RbacGroupName { get; init; }

    /// <summary>None, Informational, Low, Medium, High.</summary>
    public string? RiskScore { get; init; }

    /// <summary>None, Low, Medium, High.</summary>
    public string? ExposureLevel { get; init; }

    /// <summary>Normal, Low, High.</summary>
    public string? DeviceValue { get; init; }

    /// <summary>The Entra (Azure AD) device id.</summary>
    public string? AadDeviceId { get; init; }

    /// <summary>Tags.</summary>
    public IReadOnlyList<string>? MachineTags { get; init; }
}

/// <summary>One interface of a machine.</summary>
internal sealed record MachineAddress
{
    /// <summary>The address.</summary>
    public string? IpAddress { get; init; }

    /// <summary>The MAC address.</summary>
    public string? MacAddress { get; init; }

    /// <summary>Up, Down...</summary>
    public string? OperationalStatus { get; init; }
}
