using System.Text.Json.Serialization;

namespace Chariot.Capabilities.Models;

/// <summary>Who brought a model into Chariot (tabularium's <c>source</c> on assets and risks).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelSource>))]
public enum ModelSource
{
    /// <summary><c>self</c>: found by a capability.</summary>
    [JsonStringEnumMemberName("self")]
    Self,

    /// <summary><c>account</c>: an account or integration.</summary>
    [JsonStringEnumMemberName("account")]
    Account,

    /// <summary><c>seed</c>: a seed.</summary>
    [JsonStringEnumMemberName("seed")]
    Seed,

    /// <summary><c>provided</c>: provided by a user or a third party.</summary>
    [JsonStringEnumMemberName("provided")]
    Provided,
}
