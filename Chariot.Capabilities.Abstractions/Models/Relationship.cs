using System.Text.Json.Serialization;
using Chariot.Capabilities.Json;

namespace Chariot.Capabilities.Models;

/// <summary>
/// A graph relationship (tabularium <c>BaseRelationship</c>, <c>relationships.go</c>) from <see cref="Source"/> to
/// <see cref="Target"/>, keyed <c>{sourceKey}#{LABEL}{targetKey}</c>: <see cref="Discovered"/>, <see cref="HasPort"/> and <see cref="HasTechnology"/>.
/// Go's JSON of a relationship leaves its two ends out (<c>json:"-"</c>; Go passes them by gob); they are written here
/// as <c>source</c> and <c>target</c>, wrapped like an attribute's parent, with the <c>label</c>, so a JSON reader has
/// the whole edge. It has no username, as in Go.
/// </summary>
public sealed record Relationship : ChariotModel
{
    private Instant _created;
    private Instant _visited;

    /// <summary>tabularium's <c>DiscoveredLabel</c>.</summary>
    public const string DiscoveredLabel = "DISCOVERED";

    /// <summary>tabularium's <c>HasPortLabel</c>.</summary>
    public const string HasPortLabel = "HAS_PORT";

    /// <summary>tabularium's <c>HasTechnologyLabel</c>.</summary>
    public const string HasTechnologyLabel = "HAS_TECHNOLOGY";

    /// <summary>Creates the relationship <paramref name="label"/> from <paramref name="source"/> to <paramref name="target"/>.</summary>
    [JsonConstructor]
    public Relationship(string label, ChariotModel source, ChariotModel target)
        : base("relationship")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        Label = label;
        Source = source;
        Target = target;
    }

    /// <summary><c>DISCOVERED</c>: one model revealed another, such as a device its public address (tabularium <c>NewDiscovered</c>).</summary>
    public static Relationship Discovered(ChariotModel source, ChariotModel target) => new(DiscoveredLabel, source, target);

    /// <summary><c>HAS_PORT</c>: an asset has an open port (tabularium <c>NewHasPort</c>).</summary>
    public static Relationship HasPort(Asset asset, Port port) => new(HasPortLabel, asset, port);

    /// <summary><c>HAS_TECHNOLOGY</c>: an asset runs a technology (tabularium <c>NewHasTechnology</c>).</summary>
    public static Relationship HasTechnology(Asset asset, Technology technology) => new(HasTechnologyLabel, asset, technology);

    /// <summary>The label, such as <c>HAS_PORT</c>.</summary>
    [JsonPropertyName("label")]
    public string Label { get; init { field = value; KeyInputChanged(); } }

    /// <summary>Where the edge starts, wrapped as <c>{"type":...,"model":...}</c>.</summary>
    [JsonPropertyName("source")]
    [JsonConverter(typeof(ParentModelConverter))]
    public ChariotModel Source { get; init { field = value; KeyInputChanged(); } }

    /// <summary>Where the edge ends, wrapped as <c>{"type":...,"model":...}</c>.</summary>
    [JsonPropertyName("target")]
    [JsonConverter(typeof(ParentModelConverter))]
    public ChariotModel Target { get; init { field = value; KeyInputChanged(); } }

    /// <summary>When first made; the emitter fills it when null.</summary>
    [JsonPropertyName("created")]
    [JsonConverter(typeof(ChariotTimestampConverter))]
    public DateTimeOffset? Created { get => _created.Value; init => _created = new(value); }

    /// <summary>When last seen; the emitter fills it when null.</summary>
    [JsonPropertyName("visited")]
    [JsonConverter(typeof(ChariotTimestampConverter))]
    public DateTimeOffset? Visited { get => _visited.Value; init => _visited = new(value); }

    /// <summary>The capability that found it (Go writes it always, empty when unset).</summary>
    [JsonPropertyName("capability")]
    public string Capability { get; init; } = "";

    /// <summary>Tabularium's <c>attachmentPath</c>: empty, no attachment.</summary>
    [JsonPropertyName("attachmentPath")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "A JSON property of each relationship.")]
    public string AttachmentPath => "";

    /// <summary>Tabularium's <c>attachment</c>: Go's zero <c>File</c>, written as Go writes it.</summary>
    [JsonPropertyName("attachment")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "A JSON property of each relationship.")]
    public IReadOnlyDictionary<string, string> Attachment => EmptyAttachment;

    private static readonly IReadOnlyDictionary<string, string> EmptyAttachment = new Dictionary<string, string>
    {
        ["username"] = "", ["key"] = "", ["name"] = "", ["updated"] = "", ["bytes"] = "",
    };

    /// <inheritdoc />
    private protected override bool KeepsDerivedValues => true;

    /// <inheritdoc />
    protected override string BuildKey() => string.Concat(Source.Key, "#", Label, Target.Key);

    /// <inheritdoc />
    public override string? KeyProblem() =>
        (Source.KeyProblem() ?? Target.KeyProblem()) is { } problem ? $"{Label} relationship with a bad end: {problem}" : null;
}
