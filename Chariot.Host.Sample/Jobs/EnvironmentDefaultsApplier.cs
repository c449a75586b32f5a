using Chariot.Capabilities;
using Chariot.Capabilities.Models;

namespace Chariot.Host.Sample.Jobs;

/// <summary>
/// Fills what a job leaves out from the environment variables its plugin names (<see cref="CapabilityMetadata.EnvironmentDefaults"/>):
/// a value in the job always wins; a blank variable is ignored.
/// </summary>
internal static class EnvironmentDefaultsApplier
{
    /// <summary>The job with the missing values filled in.</summary>
    public static Job Apply(Job job, CapabilityMetadata metadata, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(environment);

        var secret = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in job.Secret.Keys)
        {
            secret[key] = job.Secret[key];
        }

        var config = new Dictionary<string, string>(job.Config, StringComparer.Ordinal);
        var changed = false;
        foreach (var entry in metadata.EnvironmentDefaults)
        {
            var value = environment(entry.Variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            var target = entry.Target == CardFieldTarget.Secret ? secret : config;
            if (target.TryGetValue(entry.Key, out var existing) && !string.IsNullOrWhiteSpace(existing))
            {
                continue;
            }

            if (entry.UnlessPresent.Any(key => (secret.TryGetValue(key, out var v) || config.TryGetValue(key, out v)) && !string.IsNullOrWhiteSpace(v)))
            {
                continue;
            }

            target[entry.Key] = entry.Normalize(value);
            changed = true;
        }

        return changed ? job with { Secret = new JobSecret(secret), Config = config } : job;
    }
}
