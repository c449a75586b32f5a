using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Chariot.Capabilities.Json;

namespace Chariot.Capabilities.Models;

/// <summary>
/// A name/value fact about an asset or a risk (tabularium <c>Attribute</c>), keyed <c>#attribute#{name}#{value}{parentKey}</c>.
/// </summary>
/// <remarks>Named <c>ChariotAttribute</c> so it never collides with <see cref="System.Attribute"/>; its wrapper type is <c>attribute</c>.</remarks>
[SuppressMessage("Naming", "CA1711", Justification = "Tabularium's Attribute model, not a .NET attribute.")]
public sealed record ChariotAttribute : TimedModel
{
    /// <inheritdoc />
    private protected override bool KeepsDerivedValues => true;

    /// <summary>Creates an attribute of <paramref name="parent"/>.</summary>
    public ChariotAttribute(string name, string value, ChariotModel parent)
        : base("attribute")
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(parent);
        Name = name;
        Value = value;
        Parent = parent;
    }

    /// <summary>The attribute name, for example <c>osPlatform</c>.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init { field = value; KeyInputChanged(); } }

    /// <summary>The value.</summary>
    [JsonPropertyName("value")]
    public string Value { get; init { field = value; KeyInputChanged(); } }

    /// <summary>The model the attribute belongs to, wrapped as <c>{"type":...,"model":...}</c>.</summary>
    [JsonPropertyName("parent")]
    [JsonConverter(typeof(ParentModelConverter))]
    public ChariotModel Parent { get; init { field = value; KeyInputChanged(); } }

    /// <summary>Tabularium's <c>source</c> of an attribute: its parent's key.</summary>
    [JsonPropertyName("source")]
    public string Source => Parent.Key;

    /// <summary>Tabularium's <c>origin_source</c>: empty, as Go writes it until Chariot sets it.</summary>
    [JsonPropertyName("origin_source")]
    [SuppressMessage("Performance", "CA1822", Justification = "A JSON property of each attribute.")]
    public string OriginSource => "";

    /// <summary>The status.</summary>
    [JsonPropertyName("status")]
    public AssetStatus Status { get; init; } = AssetStatus.Active;

    /// <summary>The capability that found it.</summary>
    [JsonPropertyName("capability")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Capability { get; init; }

    /// <summary>Extra string metadata.</summary>
    [JsonPropertyName("metadata")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <inheritdoc />
    protected override string BuildKey() => ModelKeys.Attribute(Name, Value, Parent.Key);

    /// <inheritdoc />
    public override string? KeyProblem()
    {
        if (Name.Length == 0)
        {
            return "attribute has no name";
        }

        if (Parent.KeyProblem() is { } parentProblem)
        {
            return $"attribute '{Name}' has a parent with a bad key: {parentProblem}";
        }

        // tabularium's hook would slice past the start of the value and panic: refused with a reason instead.
        return ModelKeys.AttributeFits(Name, Parent.Key)
            ? null
            : $"attribute '{Name}' does not fit a key of {ModelKeys.MaxLength} bytes under its parent (name and parent key too long)";
    }
}
