namespace Chariot.Capabilities.Defender.Api.Dtos;

/// <summary>
/// A row of the internet-facing devices query (<see cref="Exposure.InternetFacingQuery"/>): each device's latest full
/// <c>DeviceInfo</c> report, with the <c>InternetFacing*</c> keys of its <c>AdditionalFields</c> as columns.
/// </summary>
internal sealed record InternetFacingRow
{
    public string? DeviceId { get; set; }

    public string? DeviceName { get; set; }

    /// <summary>When the report was made.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>Why Defender flagged it (external scan or inbound connection; the values are not documented).</summary>
    public string? Reason { get; set; }

    /// <summary>The public address that was scanned.</summary>
    public string? PublicScannedIp { get; set; }

    /// <summary>The public port that was scanned (null when the report names none).</summary>
    public int? PublicScannedPort { get; set; }

    /// <summary>The address of the exposed interface.</summary>
    public string? LocalIp { get; set; }

    /// <summary>The local port where the exposure was seen.</summary>
    public int? LocalPort { get; set; }

    /// <summary>The transport, <c>Tcp</c> or <c>Udp</c>.</summary>
    public string? Protocol { get; set; }

    /// <summary>When the device was last flagged.</summary>
    public DateTimeOffset? LastSeen { get; set; }
}
