using System.Globalization;
using System.Text.RegularExpressions;

namespace Chariot.Host.Sample.Cli;

/// <summary>Reads <c>--every</c> values: <c>90</c> (seconds), <c>90s</c>, <c>15m</c>, <c>1h</c>, <c>1h30m</c>, <c>1d</c>.</summary>
public static partial class DurationParser
{
    /// <summary>The duration, or null when the text is not one (or is not positive).</summary>
    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
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
                total += unit * int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
            }
        }

        return total > TimeSpan.Zero ? total : null;
    }

    [GeneratedRegex(@"^(?:(?<d>\d+)d)?(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Duration();
}
