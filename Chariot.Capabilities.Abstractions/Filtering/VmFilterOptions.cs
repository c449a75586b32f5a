using System.Net;

namespace Chariot.Capabilities.Filtering;

/// <summary>The switchable rules of a <see cref="VmFilter"/>, read from a job's config.</summary>
public sealed record VmFilterOptions
{
    /// <summary>Config key: <c>true</c> turns on <see cref="NonRoutableAddressRule"/> (default <c>false</c>).</summary>
    public const string PrivateAddressesKey = "filter_private_addresses";

    /// <summary>Config key: comma-separated CIDR ranges for <see cref="CloudRangeRule"/> (default none: rule off).</summary>
    public const string CloudRangesKey = "filter_cloud_ranges";

    /// <summary>Whether non-routable addresses are dropped.</summary>
    public bool DropNonRoutableAddresses { get; init; }

    /// <summary>Ranges whose addresses are dropped.</summary>
    public IReadOnlyList<IPNetwork> CloudRanges { get; init; } = [];

    /// <summary>Reads the options from a job's config.</summary>
    /// <exception cref="CapabilityException">A value is malformed; the message names the key and what to put there.</exception>
    public static VmFilterOptions FromConfig(IReadOnlyDictionary<string, string> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var dropPrivate = false;
        if (config.TryGetValue(PrivateAddressesKey, out var flag) && !string.IsNullOrWhiteSpace(flag) && !bool.TryParse(flag.Trim(), out dropPrivate))
        {
            throw new CapabilityException(
                CapabilityFailure.Configuration,
                $"Config '{PrivateAddressesKey}' is '{flag}': put true (drop private and non-routable addresses) or false.");
        }

        var ranges = new List<IPNetwork>();
        if (config.TryGetValue(CloudRangesKey, out var list))
        {
            foreach (var item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!TryParseRange(item, out var range))
                {
                    throw new CapabilityException(
                        CapabilityFailure.Configuration,
                        $"Config '{CloudRangesKey}' has '{item}', which is not a CIDR range: list ranges such as 52.0.0.0/8,2600:1f00::/24 with no host bits set.");
                }

                ranges.Add(range);
            }
        }

        return new VmFilterOptions { DropNonRoutableAddresses = dropPrivate, CloudRanges = ranges };
    }

    private static bool TryParseRange(string text, out IPNetwork range)
    {
        // IPNetwork alone accepts short forms (52.0.0/8) and quietly masks host bits: both are typos worth reporting.
        range = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0
            && Models.GoNet.TryParseIp(text[..slash], out var address)
            && IPNetwork.TryParse(text, out range)
            && range.BaseAddress.Equals(address);
    }

    /// <summary>The scope rules these options turn on.</summary>
    public IReadOnlyList<IScopeRule> ScopeRules()
    {
        var rules = new List<IScopeRule>();
        if (DropNonRoutableAddresses)
        {
            rules.Add(new NonRoutableAddressRule());
        }

        if (CloudRanges.Count > 0)
        {
            rules.Add(new CloudRangeRule(CloudRanges));
        }

        return rules;
    }
}
