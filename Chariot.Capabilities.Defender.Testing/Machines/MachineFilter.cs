using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.OData;

namespace Chariot.Capabilities.Defender.Testing.Machines;

/// <summary>The machine properties MDE documents as filterable, resolved from a machine.</summary>
internal static class MachineFilter
{
    public static FilterSchema Schema { get; } = new(
        "computerDnsName", "id", "version", "deviceValue", "aadDeviceId", "machineTags", "lastSeen", "exposureLevel",
        "onboardingStatus", "lastIpAddress", "healthStatus", "osPlatform", "riskScore", "rbacGroupId");

    public static Func<string, object?> Resolver(FakeMachine machine) => field => field.ToLowerInvariant() switch
    {
        "computerdnsname" => machine.ComputerDnsName,
        "id" => machine.Id,
        "version" => machine.Version,
        "devicevalue" => machine.DeviceValue,
        "aaddeviceid" => machine.AadDeviceId,
        "machinetags" => machine.MachineTags ?? [],
        "lastseen" => machine.LastSeen,
        "exposurelevel" => machine.ExposureLevel,
        "onboardingstatus" => machine.OnboardingStatus,
        "lastipaddress" => machine.LastIpAddress,
        "healthstatus" => machine.HealthStatus,
        "osplatform" => machine.OsPlatform,
        "riskscore" => machine.RiskScore,
        "rbacgroupid" => machine.RbacGroupId,
        _ => throw new FilterSyntaxException($"Invalid filter clause: the property '{field}' is not supported in $filter."),
    };
}
