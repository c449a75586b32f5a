using System.Text.Json.Serialization;

namespace Chariot.Capabilities;

/// <summary>The card the Chariot UI renders for an integration: its label, description, inputs, help and logos.</summary>
/// <param name="Id">The card id, equal to the capability name.</param>
/// <param name="Label">The display name.</param>
/// <param name="Description">What the integration brings into Chariot.</param>
/// <param name="Fields">The input fields the user fills in.</param>
/// <param name="HelpUrl">Where the set-up steps are documented.</param>
/// <param name="Logo">The logo for the light theme.</param>
/// <param name="DarkLogo">The logo for the dark theme.</param>
public sealed record IntegrationCard(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("fields")] IReadOnlyList<CardField> Fields,
    [property: JsonPropertyName("help")] Uri? HelpUrl,
    [property: JsonPropertyName("logo")] CardLogo Logo,
    [property: JsonPropertyName("darkLogo")] CardLogo DarkLogo)
{
    /// <summary>
    /// The secret keys the card shows as plain text (identifiers such as a tenant id): not sensitive, so outputs need
    /// not mask them.
    /// </summary>
    public IReadOnlyList<string> PlainSecretKeys() =>
        Fields.Where(f => f.Target == CardFieldTarget.Secret && f.Type == CardFieldType.Text).Select(f => f.Name).ToArray();
}

/// <summary>The kind of input a card field is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CardFieldType>))]
public enum CardFieldType
{
    /// <summary>Plain text.</summary>
    [JsonStringEnumMemberName("text")]
    Text,

    /// <summary>A secret: masked in the UI.</summary>
    [JsonStringEnumMemberName("password")]
    Password,

    /// <summary>A choice among <see cref="CardField.Options"/>.</summary>
    [JsonStringEnumMemberName("select")]
    Select,

    /// <summary>Multi-line text (for example a base64 certificate).</summary>
    [JsonStringEnumMemberName("textarea")]
    TextArea,
}

/// <summary>Where a card field's value goes in the job.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CardFieldTarget>))]
public enum CardFieldTarget
{
    /// <summary>Into <c>job.secret</c> (never persisted or logged).</summary>
    [JsonStringEnumMemberName("secret")]
    Secret,

    /// <summary>Into <c>job.config</c>.</summary>
    [JsonStringEnumMemberName("config")]
    Config,
}

/// <summary>One input of an integration card.</summary>
/// <param name="Name">The key the value is stored under.</param>
/// <param name="Label">The label shown to the user.</param>
/// <param name="Type">The kind of input.</param>
/// <param name="Required">Whether the user must fill it in.</param>
/// <param name="Placeholder">The hint shown in the empty field.</param>
public sealed record CardField(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("type")] CardFieldType Type,
    [property: JsonPropertyName("required")] bool Required,
    [property: JsonPropertyName("placeholder")] string Placeholder)
{
    /// <summary>Where the value goes: the secret map (default) or the config map.</summary>
    [JsonPropertyName("target")]
    public CardFieldTarget Target { get; init; } = CardFieldTarget.Secret;

    /// <summary>The choices of a <see cref="CardFieldType.Select"/> field, the first being the default.</summary>
    [JsonPropertyName("options")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Options { get; init; }
}

/// <summary>A logo: the path the UI serves it from and the SVG markup the plugin carries.</summary>
/// <param name="Path">The UI path, for example <c>/icons/light/defender.svg</c>.</param>
/// <param name="Svg">The SVG document.</param>
public sealed record CardLogo(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("svg")] string Svg);
