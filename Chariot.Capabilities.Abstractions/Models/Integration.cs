using System.Text.Json.Serialization;

namespace Chariot.Capabilities.Models;

/// <summary>
/// An integration (tabularium <c>Integration</c>): an account in a vendor service, keyed
/// <c>#integration#{name}#{value}</c> (case kept); its class is its name.
/// </summary>
public sealed record Integration : OriginatedModel
{
    /// <inheritdoc />
    private protected override bool KeepsDerivedValues => true;

    /// <summary>Creates an integration: <paramref name="name"/> is the class (for example <c>defender</c>), <paramref name="value"/> identifies the account.</summary>
    public Integration(string name, string value)
        : base("integration")
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Value = value;
    }

    /// <summary>The integration name, which is also its class.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init { field = value; KeyInputChanged(); } }

    /// <summary>The account the integration is for.</summary>
    [JsonPropertyName("value")]
    public string Value { get; init { field = value; KeyInputChanged(); } }

    /// <inheritdoc />
    protected override string BuildKey() => ModelKeys.Integration(Name, Value);

    /// <summary>Tabularium's <c>origin</c>: empty, as Go writes it until Chariot sets it.</summary>
    [JsonPropertyName("origin")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "A JSON property of each integration.")]
    public string Origin => "";

    /// <summary>Always <c>account</c>.</summary>
    [JsonPropertyName("source")]
    public ModelSource Source { get; } = ModelSource.Account;

    /// <summary>The status.</summary>
    [JsonPropertyName("status")]
    public AssetStatus Status { get; init; } = AssetStatus.Active;

    /// <summary>The class: the name.</summary>
    [JsonPropertyName("class")]
    public string Class => Name;

    /// <summary>Tabularium's <c>group</c>: the name.</summary>
    [JsonPropertyName("group")]
    public string Group => Name;

    /// <summary>Tabularium's <c>identifier</c>: the value.</summary>
    [JsonPropertyName("identifier")]
    public string Identifier => Value;

    /// <summary>Whether the class starts with <paramref name="value"/> (tabularium's prefix match).</summary>
    public bool IsClass(string value) => Class.StartsWith(value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string? KeyProblem() =>
        ModelKeys.IsValidIntegration(Key) ? null : $"integration key '{Key}' needs a name and a value";
}
