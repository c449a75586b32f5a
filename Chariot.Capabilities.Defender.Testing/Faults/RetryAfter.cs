using System.Globalization;

namespace Chariot.Capabilities.Defender.Testing.Faults;

/// <summary>A <c>Retry-After</c> header value in one of the three shapes Microsoft's services send.</summary>
public sealed record RetryAfter
{
    private RetryAfter(string headerValue) => HeaderValue = headerValue;

    /// <summary>The header value exactly as sent.</summary>
    public string HeaderValue { get; }

    /// <summary>Whole seconds, e.g. <c>Retry-After: 30</c> (MDE).</summary>
    public static RetryAfter Seconds(int seconds) => new(seconds.ToString(CultureInfo.InvariantCulture));

    /// <summary>Fractional seconds, e.g. <c>Retry-After: 2.128</c> (Graph's documented sample).</summary>
    public static RetryAfter FractionalSeconds(double seconds) => new(seconds.ToString("0.###", CultureInfo.InvariantCulture));

    /// <summary>An HTTP date, e.g. <c>Retry-After: Wed, 21 Oct 2015 07:28:00 GMT</c>.</summary>
    public static RetryAfter At(DateTimeOffset when) => new(when.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture));
}
