namespace Chariot.Capabilities.Defender.Api.Dtos;

/// <summary>The answer of the vulnerability export: SAS URLs of gzip JSON-lines files.</summary>
internal sealed record ExportFiles
{
    /// <summary>The file URLs.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("exportFiles")]
    public IReadOnlyList<Uri>? Files { get; init; }

    /// <summary>When the export was generated.</summary>
    public DateTimeOffset? GeneratedTime { get; init; }
}

/// <summary>The error body of Graph and of the Defender for Endpoint API: <c>{"error":{"code","message"}}</c>.</summary>
internal sealed record ApiErrorBody
{
    /// <summary>The error.</summary>
    public ApiError? Error { get; init; }
}

/// <summary>An API error.</summary>
internal sealed record ApiError
{
    /// <summary>The code, such as Forbidden or TooManyRequests.</summary>
    public string? Code { get; init; }

    /// <summary>The message.</summary>
    public string? Message { get; init; }
}
