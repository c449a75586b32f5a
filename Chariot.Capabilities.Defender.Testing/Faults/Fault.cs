namespace Chariot.Capabilities.Defender.Testing.Faults;

/// <summary>One fault to inject into one answer. Build with the factory methods.</summary>
public sealed record Fault
{
    private Fault(FaultKind kind) => Kind = kind;

    /// <summary>What goes wrong.</summary>
    public FaultKind Kind { get; }

    /// <summary>Status code for <see cref="FaultKind.TooManyRequests"/>, <see cref="FaultKind.ServerError"/> and <see cref="FaultKind.Forbidden"/>.</summary>
    public int StatusCode { get; private init; }

    /// <summary>The Retry-After header to send, if any.</summary>
    public RetryAfter? RetryAfter { get; private init; }

    /// <summary>Bytes of body sent before a reset or a truncation.</summary>
    public int AfterBytes { get; private init; }

    /// <summary>Pause between chunks of a slow body, on the tenant clock.</summary>
    public TimeSpan ChunkDelay { get; private init; }

    /// <summary>Chunk size of a slow body.</summary>
    public int ChunkBytes { get; private init; }

    /// <summary>Where a <see cref="FaultKind.Redirect"/> points.</summary>
    public Uri? Location { get; private init; }

    /// <summary>429 with a Retry-After (seconds, fractional seconds or an HTTP date).</summary>
    public static Fault TooManyRequests(RetryAfter retryAfter) => new(FaultKind.TooManyRequests) { StatusCode = 429, RetryAfter = retryAfter };

    /// <summary>500, 503 or 504, optionally with a Retry-After.</summary>
    public static Fault ServerError(int statusCode, RetryAfter? retryAfter = null)
    {
        if (statusCode is not (500 or 503 or 504))
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "Use 500, 503 or 504.");
        }

        return new(FaultKind.ServerError) { StatusCode = statusCode, RetryAfter = retryAfter };
    }

    /// <summary>403, as when an admin withdraws the app's consent in the middle of a sync: the sync stops there.</summary>
    public static Fault Forbidden() => new(FaultKind.Forbidden) { StatusCode = 403 };

    /// <summary>The connection drops after <paramref name="afterBytes"/> bytes of body.</summary>
    public static Fault ConnectionReset(int afterBytes = 64) => new(FaultKind.ConnectionReset) { AfterBytes = afterBytes };

    /// <summary>The body stops cleanly after <paramref name="afterBytes"/> bytes.</summary>
    public static Fault TruncatedBody(int afterBytes = 64) => new(FaultKind.TruncatedBody) { AfterBytes = afterBytes };

    /// <summary>The body comes in <paramref name="chunkBytes"/>-byte chunks, <paramref name="chunkDelay"/> apart on the tenant clock.</summary>
    public static Fault SlowBody(TimeSpan chunkDelay, int chunkBytes = 256) => new(FaultKind.SlowBody) { ChunkDelay = chunkDelay, ChunkBytes = chunkBytes };

    /// <summary>The nextLink repeats the request URL.</summary>
    public static Fault RepeatingNextLink() => new(FaultKind.RepeatingNextLink);

    /// <summary>The nextLink points at <c>evil.example.com</c>.</summary>
    public static Fault ForeignNextLink() => new(FaultKind.ForeignNextLink);

    /// <summary>The export file downloaded is an empty gzip.</summary>
    public static Fault EmptyGzipFile() => new(FaultKind.EmptyGzipFile);

    /// <summary>The export answer's URLs are already expired.</summary>
    public static Fault ExpiredExportUrl() => new(FaultKind.ExpiredExportUrl);

    /// <summary>
    /// A redirect (301, 302, 303, 307 or 308) to <paramref name="location"/> instead of the answer, as a hostile or
    /// misconfigured endpoint might give: a client that follows it sends the request (a token request's client secret,
    /// an API call) to wherever it points.
    /// </summary>
    public static Fault Redirect(Uri location, int statusCode = 307)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (statusCode is not (301 or 302 or 303 or 307 or 308))
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "Use 301, 302, 303, 307 or 308.");
        }

        return new(FaultKind.Redirect) { StatusCode = statusCode, Location = location };
    }

    /// <summary>A 200 whose body is JSON but not an OData page: <c>"value"</c> is an object instead of an array.</summary>
    public static Fault MalformedPage() => new(FaultKind.MalformedPage);

    /// <summary>A 200 token answer that carries no <c>access_token</c>.</summary>
    public static Fault TokenWithoutAccessToken() => new(FaultKind.TokenWithoutAccessToken);

    /// <summary>The caller's token is revoked now.</summary>
    public static Fault RevokedToken() => new(FaultKind.RevokedToken);

    /// <summary>The host a <see cref="FaultKind.ForeignNextLink"/> points at.</summary>
    public const string ForeignHost = "evil.example.com";
}
