using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Vulnerabilities;

/// <summary>A (device, CVE) whose changed software rows all say Fixed: remediated only once the devices no longer list the CVE.</summary>
/// <param name="Risk">The risk, already in the remediated state.</param>
/// <param name="Cve">The CVE id as Defender writes it.</param>
/// <param name="DeviceIds">The machines whose rows said so (one, unless two machines share a host name).</param>
/// <param name="FixedAt">The newest of its Fixed events, when every one of them carried a time: a later fix is a new decision.</param>
/// <param name="WaitingSince">When it first had to wait for a later sync (the sync's clock), if it did.</param>
internal sealed record FixCandidate(Risk Risk, string Cve, IReadOnlyCollection<string> DeviceIds, DateTimeOffset? FixedAt, DateTimeOffset? WaitingSince = null);
