using System.Text.Json.Serialization;

namespace Chariot.Capabilities.Defender.Api.Dtos;

/// <summary>What every per-device software row names: the machine and the software (vulnerability and inventory rows).</summary>
internal abstract record DeviceSoftware
{
    /// <summary>The machine id.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? DeviceId { get; set; }

    /// <summary>The software vendor, as NVD spells it (lower case, <c>_</c> for spaces).</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? SoftwareVendor { get; set; }

    /// <summary>The software.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? SoftwareName { get; set; }

    /// <summary>The software version.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? SoftwareVersion { get; set; }
}
