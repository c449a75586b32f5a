namespace Chariot.Capabilities.Defender.Testing.Faults;

/// <summary>What goes wrong.</summary>
public enum FaultKind
{
    /// <summary>429 with the service's throttling body and a Retry-After.</summary>
    TooManyRequests,

    /// <summary>500, 503 or 504, with or without Retry-After.</summary>
    ServerError,

    /// <summary>403 with the service's error body: the app's consent was withdrawn mid-sync. Not retryable.</summary>
    Forbidden,

    /// <summary>The connection drops after part of the body.</summary>
    ConnectionReset,

    /// <summary>The body ends cleanly but early, leaving JSON unfinished.</summary>
    TruncatedBody,

    /// <summary>The body trickles out in small chunks with pauses on the tenant clock.</summary>
    SlowBody,

    /// <summary>The page's nextLink is the URL just requested, so a naive client loops forever.</summary>
    RepeatingNextLink,

    /// <summary>The page's nextLink points at a host that is not Microsoft's.</summary>
    ForeignNextLink,

    /// <summary>An export file that is a valid gzip of nothing.</summary>
    EmptyGzipFile,

    /// <summary>The export answer carries URLs that have already expired.</summary>
    ExpiredExportUrl,

    /// <summary>A 200 token answer without <c>access_token</c>.</summary>
    TokenWithoutAccessToken,

    /// <summary>A 200 with <c>{"value":{}}</c>: JSON, but not a page.</summary>
    MalformedPage,

    /// <summary>A redirect to <see cref="Fault.Location"/> instead of the answer.</summary>
    Redirect,

    /// <summary>The caller's token is revoked before it expires: this call and every later one with it get 401.</summary>
    RevokedToken,
}
