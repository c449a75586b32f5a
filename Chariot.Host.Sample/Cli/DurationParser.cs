using System.Globalization;
using System.Text.RegularExpressions;

namespace Chariot.Host.Sample.Cli;

/// <summary>Reads <c>--every</c> values: <c>90</c> (seconds), <c>90s</c>, <c>15m</c>, <c>1h</c>, <c>1h30m</c>, <c>1d</c>.</summary>
internal static partial class DurationParser
{
    /// <summary>
    /// The longest interval: Chariot's 30-day time to live (a longer wait lets every model expire between syncs), which
    /// also stays within what a timer can wait (about 49 days).
    /// </summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(30);

    /// <summary>What a duration looks like, for messages.</summary>
    public const string Expected = "a duration such as 90s, 15m, 1h or 1h30m, at most 30d";

    /// <summary>The duration, or null when the text is not one, is not positive or is longer than <see cref="Longest"/>.</summary>
    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds > 0 && seconds <= (long)Longest.TotalSeconds ? TimeSpan.FromSeconds(seconds) : null;
        }

        var match = Duration().Match(text);
        if (!match.Success || match.Length == 0)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (var (group, unit) in new[] { ("d", TimeSpan.FromDays(1)), ("h", TimeSpan.FromHours(1)), ("m", TimeSpan.FromMinutes(1)), ("s", TimeSpan.FromSeconds(1)) })
        {
            if (match.Groups[group].Success)
            {
                // Each part alone must fit, so the sum cannot overflow.
                if (!long.TryParse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > Longest / unit)
                {
                    return null;
                }

                total += unit * count;
            }
        }

        return total > TimeSpan.Zero && total <= Longest ? total : null;
    }

    [GeneratedRegex(@"^(?:(?<d>\d+)d)?(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Duration();
}
