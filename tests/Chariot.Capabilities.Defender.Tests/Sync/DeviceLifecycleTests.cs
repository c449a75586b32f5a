using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Sync;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Tests.Support;

namespace Chariot.Capabilities.Defender.Tests.Sync;

/// <summary>Issue 13: stale, excluded, merged and duplicate devices, and the risks that go (or not) with them.</summary>
public sealed class DeviceLifecycleTests
{
    private static readonly DateTimeOffset Now = DefenderHarness.Start;

    // A small tenant plus one machine shaped by the test, with one CVE row of its own.
    private static DefenderHarness TenantWith(params (string Name, Func<FakeMachine, FakeMachine> Shape)[] machines)
    {
        var harness = DefenderHarness.SmallVulnerable();
        var template = harness.Tenant.Machine(0);
        var row = Enumerable.Range(0, (int)harness.Tenant.VulnerabilityRowCount)
            .Select(i => harness.Tenant.VulnerabilityRow(i))
            .OfType<FakeVulnerabilityRow>()
            .First(r => r.CveId is not null);
        for (var i = 0; i < machines.Length; i++)
        {
            var (name, shape) = machines[i];
            var machine = shape(template with { Id = $"{i + 1:x4}{name}".PadRight(40, '0')[..40], ComputerDnsName = $"{name}.corp.contoso.com", LastSeen = Now.AddHours(-3) });
            harness.Tenant.AddMachine(machine);
            harness.Tenant.AddVulnerability(row with { Id = $"{name}-row", DeviceId = machine.Id, DeviceName = machine.ComputerDnsName, CveId = $"CVE-2026-01{i:00}" });
        }

        return harness;
    }

    private static string IdOf(DefenderHarness harness, string name) =>
        Enumerable.Range(0, (int)harness.Tenant.MachineCount).Select(i => harness.Tenant.Machine(i)).Last(m => m.ComputerDnsName.StartsWith(name + ".", StringComparison.Ordinal)).Id;

    private static long Skipped(RunResult result, string stream, string reason) =>
        result.Context.Summary.Stream(stream).Skips.TryGetValue(reason, out var count) ? count : 0;

    private static FakeAlert AlertOn(string id, string deviceId, DateTimeOffset created) =>
        new(id, $"Lifecycle detection {id}", "medium", "new", "microsoftDefenderForEndpoint", created, Now.AddHours(-1)) { DeviceIds = [deviceId] };

    [Fact]
    public async Task A_stale_device_is_not_asked_for_and_takes_its_risks_with_it()
    {
        var harness = TenantWith(("stale", m => m with { LastSeen = Now.AddDays(-40) }));
        var stale = IdOf(harness, "stale");
        harness.Tenant.AddAlert(AlertOn("old-alert", stale, Now.AddDays(-35)));
        harness.Tenant.AddAlert(AlertOn("recent-alert", stale, Now.AddHours(-2)));
        harness.Tenant.AddAlert(AlertOn("new-alert", stale, Now)); // raised as the listing ran

        var result = (await harness.InvokeAsync()).Succeeded();

        var listing = Assert.Single(harness.Tenant.Requests.To(FakeEndpoint.Machines));
        Assert.Equal("lastSeen gt 2026-10-02T08:00:00.0000000Z", listing.Query["$filter"]);
        Assert.Contains("devices: asked only for those matching lastSeen gt 2026-10-02T08:00:00.0000000Z (stale_days and the device scope); the others, and their records, are not sent", result.Context.Summary.Notes);
        Assert.DoesNotContain(result.Assets, a => a.Dns == "stale.corp.contoso.com");
        Assert.DoesNotContain(result.Risks, r => r.Name == "CVE-2026-0100");
        Assert.Equal(1, Skipped(result, "vulnerabilities", SkipReasons.DeviceOutOfScope));

        // An alert raised once the listing began shows the device alive (it may be newer than the listing): it is sent.
        Assert.Equal(["new-alert"], result.AlertIds);
        Assert.Equal(2, Skipped(result, "alerts", SkipReasons.DeviceOutOfScope));
        Assert.Equal(25, result.Assets.Count());
    }

    [Fact]
    public async Task Stale_days_zero_keeps_every_device_and_sends_no_filter()
    {
        var harness = TenantWith(("stale", m => m with { LastSeen = Now.AddDays(-400) }));
        harness.Config[DefenderKeys.StaleDays] = "0";
        harness.Tenant.AddAlert(AlertOn("old-alert", IdOf(harness, "stale"), Now.AddDays(-35)));

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.False(Assert.Single(harness.Tenant.Requests.To(FakeEndpoint.Machines)).Query.ContainsKey("$filter"));
        Assert.Contains(result.Assets, a => a.Dns == "stale.corp.contoso.com");
        Assert.Contains(result.Risks, r => r.Name == "CVE-2026-0100" && r.Dns == "stale.corp.contoso.com");
        Assert.Equal(["old-alert"], result.AlertIds);
        Assert.Equal(0, Skipped(result, "vulnerabilities", SkipReasons.DeviceOutOfScope));
        Assert.DoesNotContain(result.Context.Summary.Notes, n => n.StartsWith("devices: asked only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Excluded_and_merged_devices_are_left_out_with_their_risks_and_a_duplicate_is_sent_marked()
    {
        var harness = TenantWith(
            ("excluded", m => m with { IsExcluded = true, ExclusionReason = "Duplicate device" }),
            ("merged", m => m with { MergedIntoMachineId = "0".PadLeft(40, 'f') }),
            ("duplicate", m => m with { IsPotentialDuplication = true }));
        harness.Tenant.AddAlert(AlertOn("on-excluded", IdOf(harness, "excluded"), Now.AddHours(-2)));

        var result = (await harness.InvokeAsync()).Succeeded();

        var hosts = result.Assets.Select(a => a.Dns).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain("excluded.corp.contoso.com", hosts);
        Assert.DoesNotContain("merged.corp.contoso.com", hosts);
        var duplicate = Assert.Single(result.Assets, a => a.Dns == "duplicate.corp.contoso.com");
        Assert.Contains(result.Attributes, a => a.Source == duplicate.Key && a.Name == "potentialDuplicate" && a.Value == "true");
        Assert.Equal(["CVE-2026-0102"], result.Risks.Where(r => r.Name.StartsWith("CVE-2026-01", StringComparison.Ordinal)).Select(r => r.Name));
        Assert.Empty(result.AlertIds); // even an alert raised today: the device was listed, and left out
        Assert.Equal(1, Skipped(result, "devices", SkipReasons.ExcludedDevice));
        Assert.Equal(1, Skipped(result, "devices", SkipReasons.MergedDevice));
        Assert.Equal(2, Skipped(result, "vulnerabilities", SkipReasons.DeviceOutOfScope));
        Assert.Equal(1, Skipped(result, "alerts", SkipReasons.DeviceOutOfScope));
    }

    [Fact]
    public async Task Include_excluded_sends_excluded_and_merged_devices_saying_so()
    {
        var harness = TenantWith(
            ("excluded", m => m with { IsExcluded = true, ExclusionReason = "Duplicate device" }),
            ("merged", m => m with { MergedIntoMachineId = "0".PadLeft(40, 'f') }));
        harness.Config[DefenderKeys.IncludeExcluded] = "true";

        var result = (await harness.InvokeAsync()).Succeeded();

        var excluded = Assert.Single(result.Assets, a => a.Dns == "excluded.corp.contoso.com");
        var merged = Assert.Single(result.Assets, a => a.Dns == "merged.corp.contoso.com");
        Assert.Contains(result.Attributes, a => a.Source == excluded.Key && a.Name == "excluded" && a.Value == "true");
        Assert.Contains(result.Attributes, a => a.Source == merged.Key && a.Name == "mergedIntoMachineId" && a.Value == "0".PadLeft(40, 'f'));
        Assert.Equal(["CVE-2026-0100", "CVE-2026-0101"], result.Risks.Where(r => r.Name.StartsWith("CVE-2026-01", StringComparison.Ordinal)).Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Equal(0, Skipped(result, "devices", SkipReasons.ExcludedDevice));
    }

    private static List<FakeMachine> Machines(DefenderHarness harness) =>
        [.. Enumerable.Range(0, (int)harness.Tenant.MachineCount).Select(i => harness.Tenant.Machine(i))];

    private static string Hosts(IEnumerable<string> hosts) => string.Join(",", hosts.Order(StringComparer.Ordinal));

    [Fact]
    public async Task A_scope_of_tags_platforms_and_onboarding_is_asked_of_the_server_and_takes_the_others_risks_away()
    {
        var harness = TenantWith(
            ("tagged-linux", m => m with { MachineTags = ["DMZ"], OsPlatform = "Linux", OnboardingStatus = "Onboarded" }),
            ("tagged-discovered", m => m with { MachineTags = ["DMZ"], OsPlatform = "Linux", OnboardingStatus = "CanBeOnboarded" }),
            ("untagged-linux", m => m with { MachineTags = [], OsPlatform = "Linux", OnboardingStatus = "Onboarded" }));
        harness.Config[DefenderKeys.DeviceTags] = "Prod, dmz";
        harness.Config[DefenderKeys.DevicePlatforms] = "Linux";
        harness.Config[DefenderKeys.OnboardingStatus] = "onboarded";
        harness.Tenant.AddAlert(AlertOn("on-untagged", IdOf(harness, "untagged-linux"), Now.AddHours(-2)));
        harness.Tenant.AddAlert(AlertOn("on-tagged", IdOf(harness, "tagged-linux"), Now.AddHours(-2)));

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.Equal(
            "lastSeen gt 2026-10-02T08:00:00.0000000Z and (machineTags/any(tag: tag eq 'Prod') or machineTags/any(tag: tag eq 'dmz')) and (osPlatform eq 'Linux') and (onboardingStatus eq 'Onboarded')",
            Assert.Single(harness.Tenant.Requests.To(FakeEndpoint.Machines)).Query["$filter"]);
        var expected = Machines(harness)
            .Where(m => m.OsPlatform == "Linux" && m.OnboardingStatus == "Onboarded" && (m.MachineTags ?? []).Any(t => t is "Prod" or "DMZ"))
            .Select(m => m.ComputerDnsName);
        Assert.Equal("tagged-linux.corp.contoso.com", Hosts(expected));
        Assert.Equal(Hosts(expected), Hosts(result.Assets.Select(a => a.Dns)));
        Assert.Equal(["CVE-2026-0100"], result.Risks.Where(r => r.Name.StartsWith("CVE-", StringComparison.Ordinal)).Select(r => r.Name).Distinct());
        Assert.Equal(["on-tagged"], result.AlertIds); // the other alert is recent, but its device is outside the scope
        Assert.Equal(1, Skipped(result, "alerts", SkipReasons.DeviceOutOfScope));
    }

    [Fact]
    public async Task Device_groups_by_id_are_filtered_on_the_server()
    {
        var harness = TenantWith(("in-group", m => m with { RbacGroupId = 7001, RbacGroupName = "Crown jewels" }));
        harness.Config[DefenderKeys.DeviceGroups] = "7001";

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.EndsWith(" and (rbacGroupId eq 7001)", Assert.Single(harness.Tenant.Requests.To(FakeEndpoint.Machines)).Query["$filter"], StringComparison.Ordinal);
        Assert.Equal("in-group.corp.contoso.com", Hosts(result.Assets.Select(a => a.Dns)));
        Assert.Equal(["CVE-2026-0100"], result.Risks.Select(r => r.Name).Distinct());
    }

    [Fact]
    public async Task Device_groups_by_name_are_matched_as_machines_come_and_counted()
    {
        var harness = TenantWith(
            ("named-group", m => m with { RbacGroupId = 7001, RbacGroupName = "Crown Jewels" }),
            ("numbered-group", m => m with { RbacGroupId = 7002, RbacGroupName = "Other" }));
        harness.Config[DefenderKeys.DeviceGroups] = "crown jewels,7002";

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.Equal("lastSeen gt 2026-10-02T08:00:00.0000000Z", Assert.Single(harness.Tenant.Requests.To(FakeEndpoint.Machines)).Query["$filter"]);
        Assert.Equal("named-group.corp.contoso.com,numbered-group.corp.contoso.com", Hosts(result.Assets.Select(a => a.Dns)));
        Assert.Equal(Machines(harness).Count - 2, Skipped(result, "devices", SkipReasons.OutsideGroups));
        Assert.Equal(["CVE-2026-0100", "CVE-2026-0101"], result.Risks.Select(r => r.Name).Distinct().Order(StringComparer.Ordinal));
        Assert.True(Skipped(result, "vulnerabilities", SkipReasons.DeviceOutOfScope) > 0);
    }

    [Fact]
    public async Task Alert_service_sources_are_asked_of_the_server()
    {
        var harness = TenantWith(("host", m => m));
        harness.Config[DefenderKeys.AlertServiceSources] = "MicrosoftDefenderForEndpoint";
        harness.Tenant.AddAlert(AlertOn("endpoint", IdOf(harness, "host"), Now.AddHours(-2)));
        harness.Tenant.AddAlert(AlertOn("identity", IdOf(harness, "host"), Now.AddHours(-2)) with { ServiceSource = "microsoftDefenderForIdentity" });

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.All(harness.Tenant.Requests.To(FakeEndpoint.GraphAlerts).Where(r => r.Query.ContainsKey("$filter")), r =>
            Assert.Contains("(serviceSource eq 'microsoftDefenderForEndpoint')", r.Query["$filter"], StringComparison.Ordinal));
        Assert.Equal(["endpoint"], result.AlertIds);
    }

    [Fact]
    public async Task In_a_tenant_with_every_lifecycle_state_no_risk_lands_on_a_device_that_was_not_sent()
    {
        var harness = new DefenderHarness(time => new FakeDefenderTenantOptions
        {
            TimeProvider = time,
            Size = new FakeTenantSize(Devices: 100, Alerts: 300, VulnerabilityRows: 2_000, CveCatalogue: 50),
            DeviceLifecycle = true,
        });

        var result = (await harness.InvokeAsync()).Succeeded();

        var machines = Machines(harness);
        var dropped = machines.Where(m => m.LastSeen < Now.AddDays(-30) || m.IsExcluded == true || m.MergedIntoMachineId is not null).ToList();
        var sent = result.Assets.Select(a => a.Dns).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(9, dropped.Count);
        Assert.Equal(machines.Count - dropped.Count, sent.Count);
        Assert.DoesNotContain(dropped, m => sent.Contains(m.ComputerDnsName.ToLowerInvariant()));
        Assert.All(result.Risks, r => Assert.True(sent.Contains(r.Dns) || r.Dns == "contoso.onmicrosoft.com", $"{r.Key} is on no device sent"));
        Assert.Contains(result.Attributes, a => a.Name == "potentialDuplicate");
        Assert.True(Skipped(result, "vulnerabilities", SkipReasons.DeviceOutOfScope) > 0);
        Assert.Equal(2, Skipped(result, "devices", SkipReasons.ExcludedDevice));
        Assert.Equal(2, Skipped(result, "devices", SkipReasons.MergedDevice));
    }
}
