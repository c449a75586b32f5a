using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Sync;

namespace Chariot.Capabilities.Defender.Devices;

/// <summary>
/// Which devices a sync sends, and so which devices' risks: stale devices are not asked for (the listing's server-side
/// filter on <c>lastSeen</c>, documented as filterable), and devices excluded in Defender or merged into another device are
/// left out as they come (their fields are not filterable, and not documented either: absent means neither).
/// </summary>
internal sealed class DeviceScope(DefenderSettings settings, DateTimeOffset syncStart)
{
    /// <summary>The last-seen time a device must be past to be asked for; null when every device is.</summary>
    public DateTimeOffset? StaleBefore => syncStart - settings.StaleAfter;

    /// <summary>The listing's <c>$filter</c>, or null when every device is asked for.</summary>
    public string? ServerFilter => StaleBefore is { } cutoff ? "lastSeen gt " + ODataLiteral.DateTime(cutoff) : null;

    /// <summary>Why the sync leaves a listed machine out (a summary reason), or null when it is sent.</summary>
    public string? LeftOutBecause(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return settings.IncludeExcluded ? null
            : machine.IsExcluded == true ? SkipReasons.ExcludedDevice
            : !string.IsNullOrWhiteSpace(machine.MergedIntoMachineId) ? SkipReasons.MergedDevice
            : null;
    }
}
