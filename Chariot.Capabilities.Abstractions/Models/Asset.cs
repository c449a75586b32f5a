using System.Text.Json.Serialization;

namespace Chariot.Capabilities.Models;

/// <summary>
/// A Chariot asset (tabularium <c>Asset</c>): a host or address, keyed <c>#asset#{dns}#{name}</c> in lower case.
/// Its class and privacy are inferred from the fields, as tabularium does.
/// </summary>
public sealed record Asset : OriginatedModel
{
    /// <inheritdoc />
    private protected override bool KeepsDerivedValues => true;

    private Derived<Classification> _classified;

    /// <summary>Creates an asset; <paramref name="dns"/> is its group (host name) and <paramref name="name"/> its identifier (usually an address).</summary>
    public Asset(string dns, string name)
        : base("asset")
    {
        ArgumentNullException.ThrowIfNull(dns);
        ArgumentNullException.ThrowIfNull(name);
        Dns = dns;
        Name = name;
    }

    // Reading JSON as tabularium's hooks do (assetlike.go useGroupAndIdentifier): a non-empty group or identifier stands for
    // dns or name, and a seed given only one of them uses it for both.
    [JsonConstructor]
    private Asset(string? dns, string? name, string? group, string? identifier, ModelSource source)
        : this(
            !string.IsNullOrEmpty(group) ? group : dns ?? "",
            !string.IsNullOrEmpty(identifier) ? identifier : name ?? "")
    {
        Source = source;
        if (source == ModelSource.Seed && (Dns.Length == 0 || Name.Length == 0))
        {
            (Dns, Name) = Dns.Length == 0 ? (Name, Name) : (Dns, Dns);
        }
    }

    /// <summary>The group: a host name or domain, in ASCII (a Unicode label becomes <c>xn--</c> Punycode, as tabularium's hook does).</summary>
    [JsonPropertyName("dns")]
    public string Dns { get; init { field = GoIdna.ToAscii(value); KeyInputChanged(); } }

    /// <summary>The identifier: an address, or the host name again; in ASCII like <see cref="Dns"/>.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init { field = GoIdna.ToAscii(value); KeyInputChanged(); } }

    /// <inheritdoc />
    protected override string BuildKey() => ModelKeys.Asset(Dns, Name);

    /// <summary>Tabularium's <c>origin</c>, the first user or capability that added the asset: empty, as Go writes it until Chariot sets it.</summary>
    [JsonPropertyName("origin")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "A JSON property of each asset.")]
    public string Origin => "";

    /// <summary>Who brought the asset in.</summary>
    [JsonPropertyName("source")]
    public ModelSource Source { get; init { field = value; KeyInputChanged(); } } = ModelSource.Self;

    /// <summary>The status.</summary>
    [JsonPropertyName("status")]
    public AssetStatus Status { get; init; } = AssetStatus.Active;

    /// <summary>The class tabularium infers: <c>ipv4</c>, <c>ipv6</c>, <c>cidr</c>, <c>tld</c>, <c>domain</c>, <c>aws</c>, <c>s3</c> or empty.</summary>
    [JsonPropertyName("class")]
    public string Class => Classified.Class;

    /// <summary>Whether the name is an RFC 1918 / unique-local address or network (Go's <c>IsPrivate</c>).</summary>
    [JsonPropertyName("private")]
    public bool Private => Classified.Private;

    /// <summary>Tabularium's <c>group</c>: the dns.</summary>
    [JsonPropertyName("group")]
    public string Group => Dns;

    /// <summary>Tabularium's <c>identifier</c>: the name.</summary>
    [JsonPropertyName("identifier")]
    public string Identifier => Name;

    /// <summary><c>Non-Routable</c> for private addresses and networks, as tabularium marks them.</summary>
    [JsonPropertyName("asname")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AsName => Private ? "Non-Routable" : null;

    /// <summary><c>0</c> for private addresses and networks.</summary>
    [JsonPropertyName("asnumber")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AsNumber => Private ? "0" : null;

    /// <summary>A free comment.</summary>
    [JsonPropertyName("comment")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Comment { get; init; }

    /// <summary>Tags.</summary>
    [JsonPropertyName("tags")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>The cloud or vendor service the asset was found in (for example <c>defender</c>).</summary>
    [JsonPropertyName("cloudService")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CloudService { get; init; }

    /// <summary>The vendor's id for the asset (for Defender, the machine id).</summary>
    [JsonPropertyName("cloudId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CloudId { get; init; }

    /// <summary>The vendor's root (for example the tenant).</summary>
    [JsonPropertyName("cloudRoot")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CloudRoot { get; init; }

    /// <summary>The vendor account.</summary>
    [JsonPropertyName("cloudAccount")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CloudAccount { get; init; }

    /// <summary>Whether the asset's class starts with <paramref name="value"/> (tabularium's prefix match).</summary>
    public bool IsClass(string value) => Class.StartsWith(value, StringComparison.Ordinal);

    private Classification Classified => _classified.Get(this, static asset =>
    {
        var assetClass = AssetClassifier.Classify(asset.Dns, asset.Name, asset.Source);
        return new Classification(assetClass, AssetClassifier.IsPrivate(assetClass, asset.Name));
    });

    /// <inheritdoc />
    private protected override void KeyInputChanged()
    {
        base.KeyInputChanged();
        _classified.Clear();
    }

    /// <inheritdoc />
    public override string? KeyProblem()
    {
        if (Dns.Length == 0 || Name.Length == 0)
        {
            return $"asset key '{Key}' needs both a dns and a name";
        }

        return ModelKeys.IsValidAsset(Key) ? null : $"asset key '{Key}' does not match #asset#dns#name";
    }

    private sealed record Classification(string Class, bool Private);
}
