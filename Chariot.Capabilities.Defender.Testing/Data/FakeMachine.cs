namespace Chariot.Capabilities.Defender.Testing.Data;

/// <summary>A Defender for Endpoint machine as <c>/api/machines</c> returns it. Null properties are left out of the JSON.</summary>
public sealed record FakeMachine
{
    /// <summary>Machine id (40 hex characters); Graph evidence calls it <c>mdeDeviceId</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Fully qualified host name; may contain non-ASCII letters and apostrophes.</summary>
    public required string ComputerDnsName { get; init; }

    /// <summary>First time the sensor reported.</summary>
    public required DateTimeOffset FirstSeen { get; init; }

    /// <summary>Last time the sensor reported.</summary>
    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>Operating system platform (open set).</summary>
    public string? OsPlatform { get; init; }

    /// <summary>Operating system version.</summary>
    public string? Version { get; init; }

    /// <summary>Processor (legacy property, still sent).</summary>
    public string? OsProcessor { get; init; }

    /// <summary>Last internal IP address.</summary>
    public string? LastIpAddress { get; init; }

    /// <summary>Last external IP address.</summary>
    public string? LastExternalIpAddress { get; init; }

    /// <summary>Operating system build.</summary>
    public long? OsBuild { get; init; }

    /// <summary>Health status (open set: Active, Inactive, ImpairedCommunication, NoSensorData...).</summary>
    public string? HealthStatus { get; init; }

    /// <summary>Device group id.</summary>
    public int? RbacGroupId { get; init; }

    /// <summary>Device group name.</summary>
    public string? RbacGroupName { get; init; }

    /// <summary>Risk score (None, Informational, Low, Medium, High).</summary>
    public string? RiskScore { get; init; }

    /// <summary>Exposure level (None, Low, Medium, High).</summary>
    public string? ExposureLevel { get; init; }

    /// <summary>Whether the device is joined to Entra ID.</summary>
    public bool? IsAadJoined { get; init; }

    /// <summary>Entra ID device id (Intune's azureADDeviceId).</summary>
    public string? AadDeviceId { get; init; }

    /// <summary>Machine tags.</summary>
    public IReadOnlyList<string>? MachineTags { get; init; }

    /// <summary>Onboarding status.</summary>
    public string? OnboardingStatus { get; init; }

    /// <summary>Excluded in the portal (undocumented, seen in real responses; null leaves it out of the JSON).</summary>
    public bool? IsExcluded { get; init; }

    /// <summary>Why it was excluded (undocumented, seen in real responses).</summary>
    public string? ExclusionReason { get; init; }

    /// <summary>The machine it was merged into (undocumented, seen in real responses).</summary>
    public string? MergedIntoMachineId { get; init; }

    /// <summary>Taken for a possible duplicate of another device (undocumented, seen in real responses).</summary>
    public bool? IsPotentialDuplication { get; init; }

    /// <summary>Device value (Low, Normal, High).</summary>
    public string? DeviceValue { get; init; }

    /// <summary>Processor architecture.</summary>
    public string? OsArchitecture { get; init; }

    /// <summary>Network interfaces.</summary>
    public IReadOnlyList<FakeIpAddress>? IpAddresses { get; init; }
}

/// <summary>One network interface of a machine.</summary>
/// <param name="IpAddress">IPv4 or IPv6 address.</param>
/// <param name="MacAddress">MAC address, 12 hex digits.</param>
/// <param name="OperationalStatus">Up, Down...</param>
public sealed record FakeIpAddress(string IpAddress, string? MacAddress, string? OperationalStatus);
