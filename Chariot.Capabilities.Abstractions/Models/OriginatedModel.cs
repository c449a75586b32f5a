using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Chariot.Capabilities.Models;

/// <summary>
/// What assets, integrations and risks carry of tabularium's <c>OriginationData</c> (<c>origination.go</c>): the five
/// attack-surface flags Go always writes. A capability gives no attack surface, so tabularium leaves them false and
/// Chariot derives them; they are written so a Go reader and the NDJSON agree field for field.
/// </summary>
[SuppressMessage("Performance", "CA1822", Justification = "JSON properties of each model, written as Go writes them.")]
public abstract record OriginatedModel : TimedModel
{
    /// <summary>Creates a model of the given wrapper type.</summary>
    protected OriginatedModel(string typeName)
        : base(typeName)
    {
    }

    /// <summary>Tabularium's <c>isExternal</c>: false, as Go writes it for a model with no attack surface.</summary>
    [JsonPropertyName("isExternal")]
    public bool IsExternal => false;

    /// <summary>Tabularium's <c>isInternal</c>: false.</summary>
    [JsonPropertyName("isInternal")]
    public bool IsInternal => false;

    /// <summary>Tabularium's <c>isCloud</c>: false.</summary>
    [JsonPropertyName("isCloud")]
    public bool IsCloud => false;

    /// <summary>Tabularium's <c>isApplication</c>: false.</summary>
    [JsonPropertyName("isApplication")]
    public bool IsApplication => false;

    /// <summary>Tabularium's <c>isRepository</c>: false.</summary>
    [JsonPropertyName("isRepository")]
    public bool IsRepository => false;
}
