using System.Text.Json.Serialization;

namespace Chariot.Capabilities.Models;

/// <summary>
/// A technology (tabularium <c>Technology</c>, <c>technology.go</c>): software identified by its CPE 2.3 name, keyed
/// <c>#technology#{cpe}</c>, with the CPE's attributes written beside it as Go writes its embedded <c>CPE</c>.
/// </summary>
public sealed record Technology : TimedModel
{
    /// <summary>Creates the technology of a parsed CPE.</summary>
    public Technology(Models.Cpe cpe)
        : base("technology")
    {
        ArgumentNullException.ThrowIfNull(cpe);
        CpeName = cpe;
    }

    /// <summary>Reads a CPE 2.3 formatted string, as tabularium's <c>NewTechnology</c> (surrounding spaces trimmed).</summary>
    /// <exception cref="FormatException">The text is not a CPE 2.3 formatted string; the message says why.</exception>
    [JsonConstructor]
    public Technology(string cpe)
        : this(Models.Cpe.Parse((cpe ?? throw new ArgumentNullException(nameof(cpe))).Trim()))
    {
    }

    /// <summary>The CPE name, whose attributes are written as fields of the technology.</summary>
    [JsonIgnore]
    public Models.Cpe CpeName { get; init { field = value; KeyInputChanged(); } }

    /// <summary>The formatted CPE string.</summary>
    [JsonPropertyName("cpe")]
    public string Cpe => CpeName.ToString();

    /// <summary>A common name for the technology.</summary>
    [JsonPropertyName("name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    /// <summary>What identified it.</summary>
    [JsonPropertyName("source")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; init; }

    /// <summary>A free comment.</summary>
    [JsonPropertyName("comment")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Comment { get; init; }

    /// <summary>Tags.</summary>
    [JsonPropertyName("tags")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>The CPE part.</summary>
    [JsonPropertyName("part")]
    public string Part => CpeName.Part;

    /// <summary>The CPE vendor.</summary>
    [JsonPropertyName("vendor")]
    public string Vendor => CpeName.Vendor;

    /// <summary>The CPE product.</summary>
    [JsonPropertyName("product")]
    public string Product => CpeName.Product;

    /// <summary>The CPE version.</summary>
    [JsonPropertyName("version")]
    public string Version => CpeName.Version;

    /// <summary>The CPE update.</summary>
    [JsonPropertyName("update")]
    public string Update => CpeName.Update;

    /// <summary>The CPE edition.</summary>
    [JsonPropertyName("edition")]
    public string Edition => CpeName.Edition;

    /// <summary>The CPE language.</summary>
    [JsonPropertyName("language")]
    public string Language => CpeName.Language;

    /// <summary>The CPE software edition.</summary>
    [JsonPropertyName("swEdition")]
    public string SwEdition => CpeName.SwEdition;

    /// <summary>The CPE target software.</summary>
    [JsonPropertyName("targetSw")]
    public string TargetSw => CpeName.TargetSw;

    /// <summary>The CPE target hardware.</summary>
    [JsonPropertyName("targetHw")]
    public string TargetHw => CpeName.TargetHw;

    /// <summary>The CPE other attribute.</summary>
    [JsonPropertyName("other")]
    public string Other => CpeName.Other;

    /// <inheritdoc />
    private protected override bool KeepsDerivedValues => true;

    /// <inheritdoc />
    protected override string BuildKey() => "#technology#" + Cpe;

    /// <inheritdoc />
    public override string? KeyProblem() =>
        ModelKeys.IsValidTechnology(Key) ? null : $"technology key '{Key}' does not match #technology#cpe:2.3 and eleven attributes";
}
