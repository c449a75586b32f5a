using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Sync;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Tests.Exposure;

/// <summary>Issue 14: devices Defender saw reachable from the internet, with their public address and port.</summary>
public sealed class InternetFacingSyncTests
{
    private static DefenderHarness Tenant(int? rowLimit = null, IReadOnlyCollection<string>? permissions = null, Action<FakeDefenderTenant>? change = null)
    {
        var harness = new DefenderHarness(time => new FakeDefenderTenantOptions
        {
            TimeProvider = time,
            Size = new FakeTenantSize(Devices: 300, Alerts: 0, VulnerabilityRows: 0, CveCatalogue: 0),
            Apps = [new FakeApp(FakeDefenderTenantOptions.DefaultClientId, FakeDefenderTenantOptions.DefaultClientSecret, permissions ?? FakePermissions.All)],
            HuntingRowLimit = rowLimit ?? 100_000,
        });
        change?.Invoke(harness.Tenant);
        harness.Config[DefenderKeys.ImportInternetFacing] = "true";
        harness.Config[DefenderKeys.ImportAlerts] = "false";
        harness.Config[DefenderKeys.ImportVulnerabilities] = "false";
        return harness;
    }

    [Fact]
    public async Task Each_device_facing_now_brings_its_public_address_and_port_and_its_facts()
    {
        var harness = Tenant();
        var facing = harness.Tenant.InternetFacingDevices();

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.InRange(facing.Count, 20, 120);
        var devices = result.Assets.Where(a => a.CloudId is not null).ToDictionary(a => a.CloudId!, StringComparer.Ordinal);
        var addresses = result.Assets.Where(a => a.CloudId is null).ToList();
        Assert.Equal(facing.Select(f => f.PublicIp).Distinct().Order(), addresses.Select(a => a.Name).Order());
        Assert.All(addresses, a =>
        {
            Assert.Equal(a.Name, a.Dns);
            Assert.Equal("ipv4", a.Class);
            Assert.False(a.Private);
        });

        var ports = result.Models.OfType<Port>().ToList();
        var relationships = result.Models.OfType<Relationship>().ToList();
        foreach (var exposure in facing)
        {
            var device = devices[exposure.DeviceId];
            var address = addresses.Single(a => a.Name == exposure.PublicIp);
            var port = Assert.Single(ports, p => p.Parent.Key == address.Key && p.Number == exposure.PublicPort && string.Equals(p.Protocol, exposure.Protocol, StringComparison.OrdinalIgnoreCase));
            Assert.Single(relationships, r => r.Label == Relationship.HasPortLabel && r.Source.Key == address.Key && r.Target.Key == port.Key);
            Assert.Single(relationships, r => r.Label == Relationship.DiscoveredLabel && r.Source.Key == device.Key && r.Target.Key == address.Key);
            var facts = result.Attributes.Where(a => a.Parent.Key == device.Key && a.Name.StartsWith("internetFacing", StringComparison.Ordinal)).ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);
            Assert.Equal(exposure.Reason, facts["internetFacingReason"]);
            Assert.Equal(exposure.LocalIp, facts["internetFacingLocalAddress"]);
            Assert.Equal(exposure.LocalPort.ToString(System.Globalization.CultureInfo.InvariantCulture), facts["internetFacingLocalPort"]);
            Assert.Equal(Json.ChariotTimestampConverter.ToChariot(exposure.LastSeen), facts["internetFacingLastSeen"]);
        }

        // Devices flagged only in an older report bring nothing; every port and relationship is one of a device facing now.
        Assert.Equal(facing.Count, relationships.Count(r => r.Label == Relationship.DiscoveredLabel));
        Assert.Equal(facing.Select(f => (f.PublicIp, f.PublicPort, f.Protocol)).Distinct().Count(), ports.Count);
        var stream = result.Context.Summary.Stream(Defender.Http.SyncTally.InternetFacing);
        Assert.Equal(facing.Count, stream.Received);

        // The permission probe, one page of devices and the empty page after it: three queries, within 45 a minute.
        Assert.Equal(3, harness.Tenant.Requests.To(FakeEndpoint.GraphHunting).Count);
    }

    [Fact]
    public async Task A_result_cut_short_by_the_service_is_read_on_by_device_id_and_no_device_is_lost()
    {
        var harness = Tenant(rowLimit: 7);
        var facing = harness.Tenant.InternetFacingDevices();

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.Equal(facing.Count, result.Models.OfType<Relationship>().Count(r => r.Label == Relationship.DiscoveredLabel));
        Assert.Equal(facing.Count, result.Context.Summary.Stream(Defender.Http.SyncTally.InternetFacing).Received);
        // Pages of at most 7 rows, read until one comes back empty, after the probe.
        Assert.Equal(1 + ((facing.Count + 6) / 7) + 1, harness.Tenant.Requests.To(FakeEndpoint.GraphHunting).Count);
    }

    [Fact]
    public async Task A_device_left_out_brings_no_address_and_is_counted()
    {
        var harness = Tenant();
        var platform = harness.Tenant.Machine(0).OsPlatform!;
        harness.Config[DefenderKeys.DevicePlatforms] = platform;

        var result = (await harness.InvokeAsync()).Succeeded();

        var kept = result.Assets.Where(a => a.CloudId is not null).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        var discovered = result.Models.OfType<Relationship>().Where(r => r.Label == Relationship.DiscoveredLabel).ToList();
        Assert.NotEmpty(discovered);
        Assert.All(discovered, r => Assert.Contains(r.Source.Key, kept));
        Assert.True(result.Context.Summary.Stream(Defender.Http.SyncTally.InternetFacing).SkippedFor(SkipReasons.DeviceOutOfScope) > 0);
    }

    [Theory]
    [InlineData("10.20.30.40")]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.10.20")]
    [InlineData("100.64.0.5")]
    [InlineData("0.0.0.0")]
    [InlineData("fe80::1")]
    public async Task A_report_naming_an_address_no_one_outside_can_reach_keeps_its_facts_on_the_device_and_sends_no_address(string unreachable)
    {
        // A facing machine whose "public" address is private (a scanner inside the network, a report gone wrong).
        var harness = Tenant(change: tenant =>
        {
            // A new machine like the first, under ids tried until one is facing (the fake draws that from the id).
            var model = tenant.Machine(0);
            for (var n = 0; n < 1_000; n++)
            {
                var id = n.ToString("x40", System.Globalization.CultureInfo.InvariantCulture);
                tenant.AddMachine(model with { Id = id, ComputerDnsName = $"edge-{n}.corp.contoso.com", LastExternalIpAddress = unreachable });
                if (tenant.InternetFacingDevices().Any(f => f.DeviceId == id))
                {
                    break;
                }

                tenant.RemoveMachine(id);
            }
        });
        var privateOne = harness.Tenant.InternetFacingDevices().Single(f => f.PublicIp == unreachable);

        var result = (await harness.InvokeAsync()).Succeeded();

        var device = result.Assets.Single(a => a.CloudId == privateOne.DeviceId);
        Assert.DoesNotContain(result.Assets, a => a.Name == unreachable && a.CloudId is null);
        Assert.DoesNotContain(result.Models.OfType<Relationship>(), r => r.Source.Key == device.Key);
        Assert.Contains(result.Attributes, a => a.Parent.Key == device.Key && a.Name == "internetFacingPublicAddress" && a.Value == unreachable);
        Assert.Equal(1, result.Context.Summary.Stream(Defender.Http.SyncTally.InternetFacing).SkippedFor(SkipReasons.NoPublicAddress));
    }

    [Fact]
    public async Task Internet_facing_devices_are_not_read_unless_asked_for()
    {
        var harness = Tenant();
        harness.Config.Remove(DefenderKeys.ImportInternetFacing);

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.Empty(harness.Tenant.Requests.To(FakeEndpoint.GraphHunting));
        Assert.Empty(result.Models.OfType<Port>());
    }

    [Fact]
    public async Task Without_threat_hunting_read_all_the_job_fails_naming_the_permission_before_sending_anything()
    {
        var harness = Tenant(permissions: [FakePermissions.SecurityAlertReadAll, FakePermissions.MachineReadAll, FakePermissions.VulnerabilityReadAll]);

        var run = await harness.InvokeAsync();

        var failure = Assert.IsType<CapabilityException>(run.Failure);
        Assert.Contains("ThreatHunting.Read.All", failure.Message, StringComparison.Ordinal);
        Assert.Empty(run.Assets);
    }

    [Fact]
    public async Task Validating_with_internet_facing_on_names_a_missing_threat_hunting_read_all()
    {
        var lacking = Tenant(permissions: [FakePermissions.SecurityAlertReadAll, FakePermissions.MachineReadAll, FakePermissions.VulnerabilityReadAll]);
        var granted = Tenant();
        var off = Tenant(permissions: [FakePermissions.SecurityAlertReadAll, FakePermissions.MachineReadAll, FakePermissions.VulnerabilityReadAll]);
        off.Config.Remove(DefenderKeys.ImportInternetFacing);

        var failure = Assert.IsType<CapabilityException>((await lacking.RunAsync((capability, ct) => capability.ValidateCredentialsAsync(ct))).Failure);
        (await granted.RunAsync((capability, ct) => capability.ValidateCredentialsAsync(ct))).Succeeded();
        (await off.RunAsync((capability, ct) => capability.ValidateCredentialsAsync(ct))).Succeeded();

        Assert.Contains("ThreatHunting.Read.All", failure.Message, StringComparison.Ordinal);
        Assert.Single(granted.Tenant.Requests.To(FakeEndpoint.GraphHunting));
        Assert.Empty(off.Tenant.Requests.To(FakeEndpoint.GraphHunting));
    }

    [Fact]
    public async Task A_public_address_a_device_faces_the_internet_on_is_affiliated_when_the_job_imports_them()
    {
        var harness = Tenant();
        var facing = harness.Tenant.InternetFacingDevices()[0];
        var unknown = new Asset("192.0.2.77", "192.0.2.77"); // public, no device's

        bool known = false, stranger = true;
        (await harness.RunAsync(async (capability, ct) =>
        {
            known = await capability.CheckAffiliationAsync(new Asset(facing.PublicIp, facing.PublicIp), ct);
            stranger = await capability.CheckAffiliationAsync(unknown, ct);
        })).Succeeded();

        Assert.True(known);
        Assert.False(stranger);
        Assert.Equal(2, harness.Tenant.Requests.To(FakeEndpoint.GraphHunting).Count); // one query per address, after the machine lookups
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("127.0.0.1")]
    [InlineData("100.64.1.1")]
    [InlineData("fe80::1")]
    public async Task An_address_the_sync_never_sends_is_not_asked_of_advanced_hunting(string address)
    {
        var harness = Tenant();

        var known = true;
        (await harness.RunAsync(async (capability, ct) => known = await capability.CheckAffiliationAsync(new Asset(address, address), ct))).Succeeded();

        Assert.False(known);
        Assert.Empty(harness.Tenant.Requests.To(FakeEndpoint.GraphHunting));
    }

    [Fact]
    public async Task Without_internet_facing_devices_on_an_address_is_not_asked_of_advanced_hunting()
    {
        var harness = Tenant(permissions: [FakePermissions.SecurityAlertReadAll, FakePermissions.MachineReadAll, FakePermissions.VulnerabilityReadAll]);
        harness.Config.Remove(DefenderKeys.ImportInternetFacing);
        var facing = harness.Tenant.InternetFacingDevices()[0];

        var known = true;
        (await harness.RunAsync(async (capability, ct) => known = await capability.CheckAffiliationAsync(new Asset(facing.PublicIp, facing.PublicIp), ct))).Succeeded();

        Assert.False(known);
        Assert.Empty(harness.Tenant.Requests.To(FakeEndpoint.GraphHunting));
    }

    [Fact]
    public async Task An_address_the_filter_drops_takes_its_port_and_relationships_with_it()
    {
        var harness = Tenant();
        harness.Config[Filtering.VmFilterOptions.CloudRangesKey] = "203.0.113.0/24";
        var facing = harness.Tenant.InternetFacingDevices();
        var inRange = facing.Where(f => f.PublicIp.StartsWith("203.0.113.", StringComparison.Ordinal)).ToList();

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.NotEmpty(inRange);
        Assert.DoesNotContain(result.Assets, a => a.Name.StartsWith("203.0.113.", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Models.OfType<Port>(), p => ((Asset)p.Parent).Name.StartsWith("203.0.113.", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Models.OfType<Relationship>(), r => r.Target.Key.Contains("#203.0.113.", StringComparison.Ordinal) || r.Source.Key.StartsWith("#asset#203.0.113.", StringComparison.Ordinal));
        // Filtered: each address in the range, and each repeat of another address (devices behind one address share it).
        var others = facing.Except(inRange).Select(f => f.PublicIp).ToList();
        Assert.Equal(inRange.Count + others.Count - others.Distinct().Count(), result.Context.Summary.Stream(Defender.Http.SyncTally.InternetFacing).Filtered);

        // The facts stay on the devices, which are not in the range.
        Assert.All(inRange, f => Assert.Contains(result.Attributes, a => a.Name == "internetFacingPublicAddress" && a.Value == f.PublicIp));
    }
}
