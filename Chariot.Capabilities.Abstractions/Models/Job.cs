using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Chariot.Capabilities.Json;

namespace Chariot.Capabilities.Models;

/// <summary>
/// A Chariot job (tabularium <c>Job</c>): run one capability against one target, with its configuration and secret.
/// </summary>
/// <remarks>
/// The secret is read from JSON but never written: unlike tabularium, which masks it only in <c>String()</c>, this port
/// keeps credentials out of every serialized form, log and message.
/// </remarks>
public sealed record Job
{
    private static readonly IReadOnlyDictionary<string, string> EmptyConfig = new Dictionary<string, string>();
    private JobSecret _secret = JobSecret.Empty;

    /// <summary>The user the job runs for.</summary>
    [JsonPropertyName("username")]
    public string Username { get; init; } = "";

    /// <summary>The key; when absent, <c>#job#{target group}#{target identifier}#{capability}</c>.</summary>
    [JsonPropertyName("key")]
    public string Key
    {
        get => field is { Length: > 0 } key ? key : ComputedKey();
        init;
    } = "";

    /// <summary>The target's group.</summary>
    [JsonPropertyName("dns")]
    public string Dns { get; init; } = "";

    /// <summary>The capability name, optionally followed by <c>#{timestamp}</c> as tabularium writes it.</summary>
    [JsonPropertyName("source")]
    public string Source { get; init; } = "";

    /// <summary>The status.</summary>
    [JsonPropertyName("status")]
    public JobStatus Status { get; init; } = JobStatus.Queued;

    /// <summary>When the job was created.</summary>
    [JsonPropertyName("created")]
    [JsonConverter(typeof(ChariotTimestampConverter))]
    public DateTimeOffset? Created { get; init; }

    /// <summary>When the job last changed.</summary>
    [JsonPropertyName("updated")]
    [JsonConverter(typeof(ChariotTimestampConverter))]
    public DateTimeOffset? Updated { get; init; }

    /// <summary>Non-secret settings; empty when absent or null (Go writes an unset map as <c>null</c>).</summary>
    [JsonPropertyName("config")]
    [AllowNull]
    public IReadOnlyDictionary<string, string> Config { get; init => field = value ?? EmptyConfig; } = EmptyConfig;

    /// <summary>Credentials: read from JSON, readable by key, never shown or serialized.</summary>
    [JsonPropertyName("secret")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWriting)]
    [AllowNull]
    public JobSecret Secret
    {
        get => _secret;
        init => _secret = value ?? JobSecret.Empty;
    }

    /// <summary>Whether the job runs in full rather than incrementally.</summary>
    [JsonPropertyName("full")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Full { get; init; }

    /// <summary>Capabilities the job may chain to.</summary>
    [JsonPropertyName("capabilities")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Capabilities { get; init; }

    /// <summary>The target, wrapped as <c>{"type":"integration","model":{...}}</c>.</summary>
    [JsonPropertyName("target")]
    [JsonConverter(typeof(WrappedModelConverter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ChariotModel? Target { get; init; }

    /// <summary>The model the job chain started from.</summary>
    [JsonPropertyName("origin")]
    [JsonConverter(typeof(WrappedModelConverter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ChariotModel? Origin { get; init; }

    /// <summary>The model of the job that queued this one.</summary>
    [JsonPropertyName("parent")]
    [JsonConverter(typeof(WrappedModelConverter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ChariotModel? Parent { get; init; }

    /// <summary>The capability: <see cref="Source"/> up to its first <c>#</c>.</summary>
    [JsonIgnore]
    public string Capability => Source.Split('#', 2)[0];

    /// <summary>The integration target, or null when the target is something else.</summary>
    [JsonIgnore]
    public Integration? Integration => Target as Integration;

    /// <summary>Whose checkpoints the job uses: its target's key (the integration), else its own key.</summary>
    [JsonIgnore]
    public string CheckpointScope => Target?.Key ?? Key;

    private string ComputedKey() => Target switch
    {
        Integration integration => ModelKeys.Job(integration.Group, integration.Identifier, Capability),
        Asset asset => ModelKeys.Job(asset.Group, asset.Identifier, Capability),
        _ => "",
    };
}
