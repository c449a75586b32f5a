using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Filtering;

/// <summary>
/// <c>cloud-range</c>: drops an asset whose address is inside one of the listed ranges, which belong to Chariot's cloud
/// integrations. Off unless <c>filter_cloud_ranges</c> lists CIDR ranges.
/// </summary>
public sealed class CloudRangeRule : IScopeRule
{
    private readonly IReadOnlyList<System.Net.IPNetwork> _ranges;

    /// <summary>The rule name.</summary>
    public const string RuleName = "cloud-range";

    /// <summary>Creates the rule for the given ranges.</summary>
    public CloudRangeRule(IReadOnlyList<System.Net.IPNetwork> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        _ranges = ranges;
    }

    /// <inheritdoc />
    public string Name => RuleName;

    /// <inheritdoc />
    public string? Excludes(Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        foreach (var candidate in NonRoutableAddressRule.AddressesOf(asset))
        {
            var address = candidate.IsIPv4MappedToIPv6 ? candidate.MapToIPv4() : candidate;
            foreach (var range in _ranges)
            {
                if (range.Contains(address))
                {
                    return $"{address} is in the listed cloud range {range}";
                }
            }
        }

        return null;
    }
}
