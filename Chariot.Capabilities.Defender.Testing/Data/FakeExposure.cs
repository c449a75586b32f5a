namespace Chariot.Capabilities.Defender.Testing.Data;

/// <summary>
/// How a device is reachable from the internet, as its latest full <c>DeviceInfo</c> report says
/// (<c>AdditionalFields</c>' <c>InternetFacing*</c> keys).
/// </summary>
/// <param name="DeviceId">The machine id.</param>
/// <param name="Reason">Why Defender flagged it (<c>ExternalNetworkConnection</c> or <c>PublicScan</c>; the values are not documented).</param>
/// <param name="PublicIp">The public address that was scanned.</param>
/// <param name="PublicPort">The public port that was scanned.</param>
/// <param name="Protocol">The transport, <c>Tcp</c> or <c>Udp</c>.</param>
/// <param name="LocalIp">The address of the exposed interface.</param>
/// <param name="LocalPort">The local port where the exposure was seen.</param>
/// <param name="LastSeen">When it was last flagged.</param>
public sealed record FakeExposure(
    string DeviceId,
    string Reason,
    string PublicIp,
    int PublicPort,
    string Protocol,
    string? LocalIp,
    int LocalPort,
    DateTimeOffset LastSeen);
