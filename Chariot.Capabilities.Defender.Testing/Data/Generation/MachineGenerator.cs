using System.Globalization;

namespace Chariot.Capabilities.Defender.Testing.Data.Generation;

/// <summary>Machine N of a generated tenant, computed from the seed and N.</summary>
internal sealed class MachineGenerator
{
    private const ulong Stream = 1;
    private readonly int _seed;
    private readonly DateTimeOffset _anchor;

    public MachineGenerator(int seed, int count, DateTimeOffset anchor, bool lifecycle = false)
    {
        _seed = seed;
        Count = count;
        _anchor = anchor;
        Lifecycles = lifecycle;
    }

    public int Count { get; }

    /// <summary>Whether machines go through every state of <see cref="Lifecycle"/> (else all are current).</summary>
    public bool Lifecycles { get; }

    /// <summary>40 hex digits like Microsoft's; the last 8 are the index, so an id maps back to its machine.</summary>
    public string DeviceId(long index) =>
        string.Create(CultureInfo.InvariantCulture, $"{StableHash.Of(_seed, Stream, index):x16}{StableHash.Of(_seed, Stream + 100, index):x16}{index:x8}");

    public static bool TryParseIndex(string deviceId, out long index) =>
        long.TryParse(deviceId.AsSpan(Math.Max(0, deviceId.Length - 8)), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out index) && deviceId.Length == 40;

    public string DeviceName(long index)
    {
        var hash = StableHash.Of(_seed, Stream + 1, index);
        // A few fixed positions always carry the awkward names, so small tenants have them too.
        var unusual = index switch
        {
            3 => NamePools.UnusualHostNames[4],
            5 => NamePools.UnusualHostNames[0],
            8 => NamePools.UnusualHostNames[1],
            _ => index % 53 == 17 ? StableHash.Pick(hash, NamePools.UnusualHostNames) + "-" + index.ToString(CultureInfo.InvariantCulture) : null,
        };
        var host = unusual ?? string.Create(CultureInfo.InvariantCulture, $"{StableHash.Pick(hash, NamePools.HostPrefixes)}-{index:D5}");
        return host + ".corp.contoso.com";
    }

    public static string LastIpAddress(long index)
    {
        // Every 40th machine reuses its neighbour's address, as DHCP leases do.
        var owner = index % 40 == 39 ? index - 1 : index;
        return string.Create(CultureInfo.InvariantCulture, $"10.{(owner >> 16) & 255}.{(owner >> 8) & 255}.{owner & 255}");
    }

    public string OsPlatform(long index) => StableHash.Pick(StableHash.Of(_seed, Stream + 2, index), NamePools.OsPlatforms);

    public string RbacGroupName(long index) => StableHash.Pick(StableHash.Of(_seed, Stream + 3, index), NamePools.RbacGroups);

    /// <summary>
    /// A machine's place in its lifecycle, spread over the index so every tenant of 25 machines or more has each: stale
    /// (1 in 20), excluded (1 in 50), merged into the machine before it (1 in 50), a potential duplicate (1 in 25), and
    /// discovered by the network but not onboarded (1 in 10); the rest onboarded and seen lately.
    /// </summary>
    public static MachineState Lifecycle(long index) =>
        index % 20 == 13 ? MachineState.Stale
        : index % 50 == 17 ? MachineState.Excluded
        : index % 50 == 24 ? MachineState.Merged
        : index % 25 == 9 ? MachineState.PotentialDuplicate
        : index % 10 == 6 ? MachineState.Discovered
        : MachineState.Current;

    public FakeMachine Machine(long index)
    {
        var hash = StableHash.Of(_seed, Stream + 4, index);
        var platform = OsPlatform(index);
        var ip = LastIpAddress(index);
        var mac = string.Create(CultureInfo.InvariantCulture, $"00155D{index & 0xFFFFFF:X6}");
        var firstSeen = _anchor.AddDays(-30 - (long)(hash % 300)).AddSeconds(-(long)(hash % 86_400));
        var sparse = index % 7 == 4; // Some machines omit optional fields altogether.
        var state = Lifecycles ? Lifecycle(index) : MachineState.Current;
        var lastSeen = state == MachineState.Stale
            ? _anchor.AddDays(-31 - (long)(hash % 60)) // past the default 30 days: the sync does not ask for it
            : _anchor.AddMinutes(-(long)((hash >> 8) % 7_200));
        return new FakeMachine
        {
            Id = DeviceId(index),
            ComputerDnsName = DeviceName(index),
            FirstSeen = firstSeen,
            LastSeen = lastSeen,
            OsPlatform = platform,
            Version = platform.StartsWith("Windows", StringComparison.Ordinal) ? "22H2" : null,
            OsProcessor = "x64",
            OsArchitecture = sparse ? null : "64-bit",
            LastIpAddress = ip,
            LastExternalIpAddress = sparse ? null : string.Create(CultureInfo.InvariantCulture, $"203.0.113.{index % 250}"),
            OsBuild = platform.StartsWith("Windows", StringComparison.Ordinal) ? 19045 + (long)(hash % 3) : null,
            HealthStatus = StableHash.Pick(hash >> 12, NamePools.HealthStatuses),
            OnboardingStatus = state == MachineState.Discovered ? "CanBeOnboarded" : "Onboarded",
            IsExcluded = state == MachineState.Excluded ? true : sparse ? null : false,
            ExclusionReason = state == MachineState.Excluded ? "DuplicateDevice" : null,
            MergedIntoMachineId = state == MachineState.Merged ? DeviceId(index - 1) : null,
            IsPotentialDuplication = state == MachineState.PotentialDuplicate ? true : sparse ? null : false,
            RbacGroupId = 100 + StableHash.Pick(StableHash.Of(_seed, Stream + 3, index), NamePools.RbacGroups.Length),
            RbacGroupName = RbacGroupName(index),
            RiskScore = StableHash.Pick(hash >> 16, NamePools.RiskScores),
            ExposureLevel = StableHash.Pick(hash >> 20, NamePools.ExposureLevels),
            DeviceValue = sparse ? null : StableHash.Pick(hash >> 24, NamePools.DeviceValues),
            IsAadJoined = !sparse,
            AadDeviceId = sparse ? null : new Guid(unchecked((int)hash), (short)index, 0x4abc, 0x8a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x71).ToString(),
            MachineTags = index % 3 == 0 ? ["generated", "tier-" + (index % 4).ToString(CultureInfo.InvariantCulture)] : [],
            IpAddresses = sparse ? null :
            [
                new FakeIpAddress(ip, mac, "Up"),
                new FakeIpAddress(string.Create(CultureInfo.InvariantCulture, $"fe80::215:5dff:fe{(index >> 8) & 255:x2}:{index & 0xFFFF:x4}"), mac, "Up"),
                new FakeIpAddress(string.Create(CultureInfo.InvariantCulture, $"2001:db8:{(index >> 16) & 0xFFFF:x}::{index & 0xFFFF:x}"), mac, "Up"),
                new FakeIpAddress("192.168.56.1", "0A0027000010", "Down"),
            ],
        };
    }
}

/// <summary>Where a generated machine is in its lifecycle (<see cref="MachineGenerator.Lifecycle"/>).</summary>
internal enum MachineState
{
    /// <summary>Onboarded and seen lately.</summary>
    Current,

    /// <summary>Last seen more than 30 days ago.</summary>
    Stale,

    /// <summary>Excluded in the portal (<c>isExcluded</c>).</summary>
    Excluded,

    /// <summary>Merged into another machine (<c>mergedIntoMachineId</c>).</summary>
    Merged,

    /// <summary>Taken for a duplicate of another device (<c>isPotentialDuplication</c>).</summary>
    PotentialDuplicate,

    /// <summary>Seen on the network, not onboarded (<c>onboardingStatus</c> CanBeOnboarded).</summary>
    Discovered,
}
