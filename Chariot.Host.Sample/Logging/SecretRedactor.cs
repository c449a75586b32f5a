using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Chariot.Host.Sample.Logging;

/// <summary>
/// Masks secrets in text bound for any output: every job secret value the host has seen (a value is never forgotten,
/// so a parallel or earlier job's secret stays masked), bearer and basic credentials, JWTs and secret-looking query or
/// form parameters.
/// </summary>
internal sealed partial class SecretRedactor
{
    /// <summary>What a masked value is replaced with.</summary>
    public const string Mask = "*****";

    // Shorter values are not credentials, and masking every "1" or "ab" would make the output unreadable: a job whose
    // secret is shorter is refused (ShortSecrets), so no secret goes unmasked.
    internal const int MinimumSecretLength = 4;

    // What every mask below needs to find at least once (the regexes' literal starts, without their boundaries and
    // case-insensitive): text holding none of them, and no secret value, is returned as it is.
    private static readonly SearchValues<string> Triggers = SearchValues.Create(
        [
            "bearer", "basic", "sharedaccesssignature",
            "client_secret=", "client_assertion=", "password=", "access_token=", "refresh_token=", "sig=", "code=",
            "eyJ",
        ],
        StringComparison.OrdinalIgnoreCase);

    // The letters a case-insensitive regex also takes for i, k or s (dotted and dotless I, the Kelvin sign, the long s):
    // the triggers above are searched as ASCII, so text holding one of these takes the regexes' path too.
    private static readonly SearchValues<char> LookAlikes = SearchValues.Create("\u0130\u0131\u212A\u017F");

    private readonly Lock _lock = new();
    private Known _known = new([]);

    /// <summary>Adds values to mask from now on (blank and very short values are ignored).</summary>
    public void Add(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        lock (_lock)
        {
            var all = new HashSet<string>(_known.Values, StringComparer.Ordinal);
            foreach (var secret in secrets.Where(s => s is { Length: >= MinimumSecretLength }))
            {
                all.UnionWith(EncodingsOf(secret));
            }

            // Longest first, so a secret containing another is masked whole.
            Volatile.Write(ref _known, new Known([.. all.OrderByDescending(v => v.Length)]));
        }
    }

    // Every form in which a server or a library may echo a value back: as is; JSON-escaped in each style (quotes and
    // backslashes escaped, non-ASCII as it is or as \u escapes in either letter case); percent-encoded as a URI part or
    // as a form (a space as '+'), in either letter case; base64 and base64url, padded or not.
    private static IEnumerable<string> EncodingsOf(string secret)
    {
        yield return secret;
        yield return JsonEncodedText.Encode(secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value;
        yield return JsonEncodedText.Encode(secret).Value;
        yield return JsonEscaped(secret, "x4");
        yield return JsonEscaped(secret, "X4");
        foreach (var percent in (string[])[Uri.EscapeDataString(secret), WebUtility.UrlEncode(secret)])
        {
            yield return percent;
            yield return PercentEscape().Replace(percent, m => m.Value.ToLowerInvariant());
        }

        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        var base64Url = base64.Replace('+', '-').Replace('/', '_');
        yield return base64;
        yield return base64.TrimEnd('=');
        yield return base64Url;
        yield return base64Url.TrimEnd('=');
    }

    // JSON with quotes and backslashes escaped by a backslash, control characters and non-ASCII as \u escapes.
    private static string JsonEscaped(string value, string hex)
    {
        var text = new StringBuilder(value.Length * 2);
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                text.Append('\\').Append(c);
            }
            else if (c is < ' ' or > '~')
            {
                text.Append("\\u").Append(((int)c).ToString(hex, CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Whether <see cref="Redact"/> could change <paramref name="text"/>: false means it certainly would not, so a writer
    /// of many lines only makes a string of the few that may hold something to mask.
    /// </summary>
    public bool MayMask(ReadOnlySpan<char> text) =>
        text.ContainsAny(Triggers) || text.ContainsAny(LookAlikes) || text.ContainsAny(Volatile.Read(ref _known).AnyValue);

    /// <summary>The text with every known secret and credential-shaped value masked.</summary>
    public string Redact(string text)
    {
        // Text with nothing any mask below could match (most of it) is returned without a replace or a regex run.
        if (string.IsNullOrEmpty(text) || !MayMask(text))
        {
            return text;
        }

        foreach (var value in Volatile.Read(ref _known).Values)
        {
            text = text.Replace(value, Mask, StringComparison.Ordinal);
        }

        text = AuthorizationScheme().Replace(text, "$1 " + Mask);
        text = SecretParameter().Replace(text, "$1=" + Mask);
        return JsonWebToken().Replace(text, Mask);
    }

    [GeneratedRegex("%[0-9A-F]{2}")]
    private static partial Regex PercentEscape();

    [GeneratedRegex(@"(?i)\b(Bearer|Basic|SharedAccessSignature)\s+[A-Za-z0-9\-._~+/=%]+")]
    private static partial Regex AuthorizationScheme();

    // A backslash ends the value too: in JSON text it starts an escape, and masking across it would break the line.
    [GeneratedRegex(@"(?i)\b(client_secret|client_assertion|password|access_token|refresh_token|sig|code)=[^&\s""'\\]+")]
    private static partial Regex SecretParameter();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")]
    private static partial Regex JsonWebToken();

    /// <summary>The values to mask, and a search for any of them (ordinal, as they are replaced): replaced together.</summary>
    private sealed class Known(string[] values)
    {
        public string[] Values { get; } = values;

        public SearchValues<string> AnyValue { get; } = SearchValues.Create(values, StringComparison.Ordinal);
    }
}
