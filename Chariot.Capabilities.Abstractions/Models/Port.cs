using System.Text.Json.Serialization;
using Chariot.Capabilities.Json;

namespace Chariot.Capabilities.Models;

/// <summary>
/// An open port of an asset (tabularium <c>Port</c>, <c>port.go</c>), keyed <c>#port#{protocol}#{port}{parentKey}</c>,
/// carrying its parent asset as an attribute carries its parent.
/// </summary>
public sealed record Port : TimedModel
{
    /// <summary>Creates port <paramref name="number"/> over <paramref name="protocol"/> (<c>tcp</c>, <c>udp</c>) of <paramref name="parent"/>.</summary>
    public Port(string protocol, int number, ChariotModel parent)
        : base("port")
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(parent);
        Protocol = protocol;
        Number = number;
        Parent = parent;
    }

    /// <summary>The transport protocol, <c>tcp</c> or <c>udp</c>.</summary>
    [JsonPropertyName("protocol")]
    public string Protocol { get; init { field = value; KeyInputChanged(); } }

    /// <summary>The port number, 1-65535.</summary>
    [JsonPropertyName("port")]
    public int Number { get; init { field = value; KeyInputChanged(); } }

    /// <summary>The asset the port is open on, wrapped as <c>{"type":"asset","model":...}</c>.</summary>
    [JsonPropertyName("parent")]
    [JsonConverter(typeof(ParentModelConverter))]
    public ChariotModel Parent { get; init { field = value; KeyInputChanged(); } }

    /// <summary>Tabularium's <c>source</c> of a port: its parent's key.</summary>
    [JsonPropertyName("source")]
    public string Source => Parent.Key;

    /// <summary>The service seen on the port (empty when none was identified; Go writes it always).</summary>
    [JsonPropertyName("service")]
    public string Service { get; init; } = "";

    /// <summary>The status.</summary>
    [JsonPropertyName("status")]
    public AssetStatus Status { get; init; } = AssetStatus.Active;

    /// <summary>The capability that found it.</summary>
    [JsonPropertyName("capability")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Capability { get; init; }

    /// <summary>Tags.</summary>
    [JsonPropertyName("tags")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Tags { get; init; }

    /// <inheritdoc />
    private protected override bool KeepsDerivedValues => true;

    /// <inheritdoc />
    protected override string BuildKey() => string.Concat("#port#", Protocol, "#", Number.ToString(System.Globalization.CultureInfo.InvariantCulture), Parent.Key);

    /// <inheritdoc />
    public override string? KeyProblem()
    {
        if (Number is < 1 or > 65535)
        {
            return $"port {Number} is not a port number (1-65535)";
        }

        return Parent.KeyProblem() is { } parentProblem ? $"port {Number} has a parent with a bad key: {parentProblem}" : null;
    }
}
