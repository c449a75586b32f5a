using System.Text.Json.Serialization;
using Chariot.Capabilities.Json;

namespace Chariot.Capabilities.Models;

/// <summary>
/// A file Chariot stores beside its models (tabularium <c>File</c>), such as a risk's definition or proof; keyed <c>#file#{name}</c>.
/// </summary>
/// <remarks>Named <c>ChariotFile</c> so it never collides with <see cref="System.IO.File"/>; its wrapper type is <c>file</c>.</remarks>
public sealed record ChariotFile : ChariotModel
{
    private Instant _updated;

    /// <inheritdoc />
    private protected override bool KeepsDerivedValues => true;

    /// <summary>Creates a file at <paramref name="name"/>, a path such as <c>definitions/CVE-2024-7256</c>.</summary>
    public ChariotFile(string name)
        : base("file")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The path.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init { field = value; KeyInputChanged(); } }

    /// <summary>The content: plain text in JSON when it is clean UTF-8, else <c>base64:</c> + base64 (tabularium's SmartBytes).</summary>
    [JsonPropertyName("bytes")]
    [JsonConverter(typeof(SmartBytesConverter))]
    public ReadOnlyMemory<byte> Bytes { get; init; }

    /// <summary>When written; the emitter fills it when null.</summary>
    [JsonPropertyName("updated")]
    [JsonConverter(typeof(ChariotTimestampConverter))]
    public DateTimeOffset? Updated { get => _updated.Value; init => _updated = new(value); }

    /// <summary>Whether the file replaces an existing one (not serialized, as in tabularium); definitions do not.</summary>
    [JsonIgnore]
    public bool Overwrite { get; init; } = true;

    /// <inheritdoc />
    protected override string BuildKey() => ModelKeys.File(Name);

    /// <inheritdoc />
    public override string? KeyProblem() => null;
}
