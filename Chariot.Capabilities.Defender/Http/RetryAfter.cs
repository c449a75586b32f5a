using System.Globalization;

namespace Chariot.Capabilities.Defender.Http;

/// <summary>
/// Reads <c>Retry-After</c> as Microsoft sends it: whole seconds, fractional seconds (Graph's sample is <c>2.128</c>),
/// or an HTTP date. The framework's parser accepts only whole seconds and dates, so the raw header is read here.
/// </summary>
internal static class RetryAfter
{
    /// <summary>The longest wait honoured: a longer Retry-After is capped so a sync never stalls for hours.</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromMinutes(5);

    /// <summary>The wait a response asks for, capped; null when it names none.</summary>
    public static TimeSpan? Of(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.Headers.TryGetValues("Retry-After", out var values))
        {
            return null;
        }

        var text = values.FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return Clamp(TimeSpan.FromSeconds(seconds));
        }

        return DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? Clamp(date - now)
            : null;
    }

    private static TimeSpan Clamp(TimeSpan wait) =>
        wait < TimeSpan.Zero ? TimeSpan.Zero : wait > Cap ? Cap : wait;
}
