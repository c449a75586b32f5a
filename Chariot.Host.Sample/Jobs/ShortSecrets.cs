using Chariot.Capabilities;
using Chariot.Capabilities.Models;
using Chariot.Host.Sample.Logging;

namespace Chariot.Host.Sample.Jobs;

/// <summary>
/// A secret value shorter than <see cref="SecretRedactor.MinimumSecretLength"/> characters cannot be masked (every
/// "ab" in the output would go), so a server echoing it would print it: such a job is refused before any call, as a
/// configuration problem naming the key. No real credential is that short.
/// </summary>
internal static class ShortSecrets
{
    public static MatchResult? Check(JobSecret secret, IEnumerable<string> plainKeys)
    {
        var plain = new HashSet<string>(plainKeys, StringComparer.Ordinal);
        foreach (var key in secret.Keys.Order(StringComparer.Ordinal))
        {
            if (!plain.Contains(key) && secret[key] is { Length: > 0 and < SecretRedactor.MinimumSecretLength } value)
            {
                return MatchResult.InvalidConfiguration(key, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"is {value.Length} character{(value.Length == 1 ? "" : "s")} long: a secret that short could not be kept out of logs and output, and is no real credential. Give the whole secret value."));
            }
        }

        return null;
    }
}
