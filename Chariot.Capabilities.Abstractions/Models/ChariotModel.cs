using System.Text.Json.Serialization;
using Chariot.Capabilities.Json;

namespace Chariot.Capabilities.Models;

/// <summary>A model Chariot stores: it has a key computed from its fields and a type name used in the JSON wrapper.</summary>
public abstract record ChariotModel
{
    private Derived<string> _key;

    /// <summary>Creates a model of the given wrapper type.</summary>
    protected ChariotModel(string typeName)
    {
        TypeName = typeName;
    }

    /// <summary>The owner's username; the emitter fills it from the job when it is empty.</summary>
    [JsonPropertyName("username")]
    public string Username { get; init; } = "";

    /// <summary>The key, computed from the model's fields by tabularium's rules.</summary>
    [JsonPropertyName("key")]
    public string Key => KeepsDerivedValues ? _key.Get(this, static model => model.BuildKey()) : BuildKey();

    /// <summary>The wrapper type name: <c>asset</c>, <c>risk</c>, <c>attribute</c>, <c>file</c>, <c>integration</c>.</summary>
    [JsonIgnore]
    public string TypeName { get; }

    /// <summary>Why the key is not valid, or null when it is.</summary>
    public abstract string? KeyProblem();

    /// <summary>Builds the key from the model's fields.</summary>
    protected abstract string BuildKey();

    /// <summary>
    /// Whether the key (and what else the model works out) is kept once made: true for this library's sealed models,
    /// whose every key input clears it when set; a model derived elsewhere works its key out on every read.
    /// </summary>
    private protected virtual bool KeepsDerivedValues => false;

    /// <summary>Forgets the key and anything else worked out from the properties: one of them was set.</summary>
    private protected virtual void KeyInputChanged() => _key.Clear();
}

/// <summary>What assets, integrations, risks and attributes share: lifecycle timestamps and a time to live.</summary>
public abstract record TimedModel : ChariotModel
{
    private Instant _created;
    private Instant _visited;

    /// <summary>Creates a model of the given wrapper type.</summary>
    protected TimedModel(string typeName)
        : base(typeName)
    {
    }

    /// <summary>When first created; the emitter fills it when null.</summary>
    [JsonPropertyName("created")]
    [JsonConverter(typeof(ChariotTimestampConverter))]
    public DateTimeOffset? Created { get => _created.Value; init => _created = new(value); }

    /// <summary>When last seen; the emitter fills it when null.</summary>
    [JsonPropertyName("visited")]
    [JsonConverter(typeof(ChariotTimestampConverter))]
    public DateTimeOffset? Visited { get => _visited.Value; init => _visited = new(value); }

    /// <summary>When Chariot may expire the model, in Unix seconds; 0 = unset (the emitter then sets 30 days).</summary>
    [JsonPropertyName("ttl")]
    public long Ttl { get; init; }
}
