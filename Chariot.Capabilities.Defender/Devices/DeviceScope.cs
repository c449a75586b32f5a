using System.Globalization;
using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Sync;

namespace Chariot.Capabilities.Defender.Devices;

/// <summary>
/// Which devices a sync sends, and so which devices' risks. On the server, where the listing can filter (documented as
/// filterable: lastSeen, machineTags, rbacGroupId, osPlatform, onboardingStatus): stale devices, and the configured tags,
/// groups by id, platforms and onboarding statuses. As machines come: groups named rather than numbered (the API filters
/// groups only by id and lists no groups), and devices excluded in Defender or merged into another device (their fields
/// are neither filterable nor documented: absent means neither).
/// </summary>
internal sealed class DeviceScope(DefenderSettings settings, DateTimeOffset syncStart)
{
    /// <summary>The last-seen time a device must be past to be asked for; null when staleness does not matter.</summary>
    public DateTimeOffset? StaleBefore => syncStart - settings.StaleAfter;

    /// <summary>Whether a scope beyond staleness narrows the devices (then a machine the listing did not return is out of it).</summary>
    public bool Scoped =>
        settings.DeviceTags.Count + settings.DeviceGroupIds.Count + settings.DeviceGroupNames.Count + settings.DevicePlatforms.Count
        + settings.OnboardingStatuses.Count > 0;

    /// <summary>The listing's <c>$filter</c>, or null when every device is asked for.</summary>
    public string? ServerFilter => ODataLiteral.AllOf(
        StaleBefore is { } cutoff ? "lastSeen gt " + ODataLiteral.DateTime(cutoff) : null,
        ODataLiteral.AnyOf(settings.DeviceTags, tag => $"machineTags/any(tag: tag eq {ODataLiteral.Quote(tag)})"),
        GroupsOnServer ? ODataLiteral.AnyOf(settings.DeviceGroupIds, id => "rbacGroupId eq " + id.ToString(CultureInfo.InvariantCulture)) : null,
        ODataLiteral.AnyOf("osPlatform", settings.DevicePlatforms),
        ODataLiteral.AnyOf("onboardingStatus", settings.OnboardingStatuses));

    // Groups named by the user are matched here, ids with them (one rule, either way).
    private bool GroupsOnServer => settings.DeviceGroupNames.Count == 0;

    /// <summary>Why the sync leaves a listed machine out (a summary reason), or null when it is sent.</summary>
    public string? LeftOutBecause(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        if (!GroupsOnServer && !InGroups(machine))
        {
            return SkipReasons.OutsideGroups;
        }

        return settings.IncludeExcluded ? null
            : machine.IsExcluded == true ? SkipReasons.ExcludedDevice
            : !string.IsNullOrWhiteSpace(machine.MergedIntoMachineId) ? SkipReasons.MergedDevice
            : null;
    }

    private bool InGroups(Machine machine) =>
        (machine.RbacGroupId is { } id && settings.DeviceGroupIds.Contains(id))
        || (machine.RbacGroupName is { } name && settings.DeviceGroupNames.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase));
}
