using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Chariot.Capabilities.Json;

namespace Chariot.Capabilities.Models;

/// <summary>
/// A Chariot risk (tabularium <c>Risk</c>): a finding on a host, keyed <c>#risk#{dns}#{name}</c> with exactly two segments.
/// </summary>
public sealed partial record Risk : OriginatedModel
{
    private Instant _updated;

    /// <inheritdoc />
    private protected override bool KeepsDerivedValues => true;

    /// <summary>
    /// Creates a risk. The name is formatted by tabularium's rule (<see cref="FormatName"/>); the title keeps it as given.
    /// </summary>
    public Risk(string dns, string name, RiskStatus status)
        : base("risk")
    {
        ArgumentNullException.ThrowIfNull(dns);
        ArgumentNullException.ThrowIfNull(name);
        Dns = dns;
        Name = name;
        Title = name;
        Status = status;
        UniqueId = RandomUuid.New();
    }

    /// <summary>Tabularium's <c>guid</c>: a new UUID v4 for each risk made, as <c>Risk.Defaulted</c> gives it.</summary>
    [JsonPropertyName("guid")]
    public Guid UniqueId { get; init; }

    /// <summary>Tabularium's <c>plextracid</c>: empty, as Go writes it for a risk not in PlexTrac.</summary>
    [JsonPropertyName("plextracid")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "A JSON property of each risk.")]
    public string PlextracId => "";

    /// <summary>Tabularium's <c>proofUniquenessID</c>: empty (the proof path is <c>proofs/{dns}/{name}</c>).</summary>
    [JsonPropertyName("proofUniquenessID")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "A JSON property of each risk.")]
    public string ProofUniquenessId => "";

    /// <summary>
    /// The host the risk is on: the dns of its asset, in the same ASCII form (<c>xn--</c> Punycode for a Unicode label), so
    /// a risk made from a host name points at the asset made from it (tabularium's <c>NewRisk(asset, ...)</c> takes the
    /// asset's converted dns).
    /// </summary>
    [JsonPropertyName("dns")]
    public string Dns { get; init { field = GoIdna.ToAscii(value); KeyInputChanged(); } }

    /// <summary>The formatted name: a CVE id in upper case, anything else lower-cased with spaces as <c>-</c>.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init { field = FormatName(value); KeyInputChanged(); } }

    /// <summary>The human title; by default the name as given. A CVE id is upper-cased, as tabularium's risk hook does.</summary>
    [JsonPropertyName("title")]
    public string Title { get; init => field = IsCve(value) ? value.ToUpperInvariant() : value; }

    /// <summary>State + severity (+ sub-state).</summary>
    [JsonPropertyName("status")]
    public RiskStatus Status { get; init; }

    /// <summary>Who brought the risk in; tabularium's default is <c>provided</c>.</summary>
    [JsonPropertyName("source")]
    public ModelSource Source { get; init; } = ModelSource.Provided;

    /// <summary>Chariot's priority, from the severity.</summary>
    [JsonPropertyName("priority")]
    public int Priority => Status.Priority;

    /// <summary>When the risk last changed; the emitter fills it when null.</summary>
    [JsonPropertyName("updated")]
    [JsonConverter(typeof(ChariotTimestampConverter))]
    public DateTimeOffset? Updated { get => _updated.Value; init => _updated = new(value); }

    /// <summary>A free comment.</summary>
    [JsonPropertyName("comment")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Comment { get; init; }

    /// <summary>Tags.</summary>
    [JsonPropertyName("tags")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Tags { get; init; }

    /// <inheritdoc />
    protected override string BuildKey() => ModelKeys.Risk(Dns, Name);

    /// <summary>
    /// Tabularium's <c>formatName</c>: a CVE id (<c>cve-2023-1234</c>) is upper-cased; anything else is lower-cased with
    /// spaces turned into <c>-</c>. Unlike tabularium, a <c>#</c> also becomes <c>-</c>, so a name can never add a key segment.
    /// </summary>
    public static string FormatName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return FormattedNames.GetOrAdd(name, static text => IsCve(text)
            ? text.ToUpperInvariant()
            : text.ToLowerInvariant().Replace(' ', '-').Replace('#', '-'));
    }

    // Titles repeat (every alert of a detection, every row of a CVE): their names are made once while they do.
    private static readonly RecentTable<string, string> FormattedNames = new(StringComparer.Ordinal, 512);

    /// <summary>The proof file of this risk: <c>proofs/{dns}/{name}</c>.</summary>
    public ChariotFile Proof(ReadOnlyMemory<byte> content) => new($"proofs/{Dns}/{Name}") { Bytes = content };

    /// <summary>The definition file of this risk: <c>definitions/{name}</c>, never overwriting one Chariot already has.</summary>
    public ChariotFile Definition(RiskDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.ToFile(Name);
    }

    /// <inheritdoc />
    public override string? KeyProblem()
    {
        if (Dns.Length == 0)
        {
            return $"risk '{Name}' has no dns: a risk must name the host it is on";
        }

        if (Name.Length == 0)
        {
            return $"risk on '{Dns}' has no name";
        }

        return ModelKeys.IsValidRisk(Key)
            ? null
            : $"risk key '{Key}' must have exactly two segments (#risk#dns#name); the dns '{Dns}' contains '#'";
    }

    /// <summary>
    /// Tabularium's <c>CVERegex</c> (<c>globals.go</c>): <c>(?i)^cve-\d{4}-\d+$</c>, whose <c>\d</c> is an ASCII digit in Go.
    /// </summary>
    public static bool IsCve(string? text) => text is not null && CveId().IsMatch(text);

    [GeneratedRegex(@"^cve-[0-9]{4}-[0-9]+\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CveId();
}
