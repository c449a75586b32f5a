using System.Text.Json.Serialization;

namespace Chariot.Capabilities.Defender.Api.Dtos;

/// <summary>A SoftwareInventoryByMachine row: one version of a product on one device, read for what the sync maps.</summary>
internal sealed record SoftwareRow : DeviceSoftware
{
    /// <summary>None, EOS Version, Upcoming EOS Version, EOS Software, Upcoming EOS Software.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? EndOfSupportStatus { get; set; }

    /// <summary>When support ended or ends (a date-time with offset, or a date), as given.</summary>
    [JsonConverter(typeof(PooledStringConverter))]
    public string? EndOfSupportDate { get; set; }
}
