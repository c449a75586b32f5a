namespace Chariot.Capabilities.Defender.Vulnerabilities;

/// <summary>What asking a fix's machines decided.</summary>
internal enum FixVerdict
{
    /// <summary>No machine of the host lists the CVE any more.</summary>
    Remediated,

    /// <summary>A machine of the host still lists it.</summary>
    StillListed,

    /// <summary>A machine could not tell: the fix waits for the next sync.</summary>
    Wait,
}
