using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Tests.Software;

/// <summary>Issue 14: each device's software as technologies, HAS_TECHNOLOGY relationships and end-of-support risks.</summary>
public sealed class SoftwareSyncTests
{
    private static DefenderHarness Tenant(params string[] permissions)
    {
        var harness = new DefenderHarness(time => new FakeDefenderTenantOptions
        {
            TimeProvider = time,
            Size = new FakeTenantSize(Devices: 25, Alerts: 0, VulnerabilityRows: 200, CveCatalogue: 20),
            Apps = [new FakeApp(FakeDefenderTenantOptions.DefaultClientId, FakeDefenderTenantOptions.DefaultClientSecret, permissions.Length > 0 ? permissions : FakePermissions.All)],
        });
        harness.Config[DefenderKeys.ImportSoftware] = "true";
        return harness;
    }

    // The oracle: the distinct software of each device, from the tenant's own rows.
    private static HashSet<(string Device, string Vendor, string Name, string Version)> Software(DefenderHarness harness) =>
        [.. Enumerable.Range(0, (int)harness.Tenant.VulnerabilityRowCount)
            .Select(i => harness.Tenant.VulnerabilityRow(i))
            .OfType<FakeVulnerabilityRow>()
            .Select(r => (r.DeviceId, r.SoftwareVendor, r.SoftwareName, r.SoftwareVersion))];

    [Fact]
    public async Task Each_device_s_software_is_a_technology_it_has_and_software_past_its_support_a_risk_on_it()
    {
        var harness = Tenant();
        var software = Software(harness);

        var result = (await harness.InvokeAsync()).Succeeded();

        var technologies = result.Models.OfType<Technology>().ToList();
        var relationships = result.Models.OfType<Relationship>().ToList();
        Assert.Equal(software.Select(s => (s.Vendor, s.Name, s.Version)).Distinct().Count(), technologies.Count);
        Assert.Equal(technologies.Count, technologies.Select(t => t.Key).Distinct().Count());
        Assert.Equal(software.Count, relationships.Count);
        var assets = result.Assets.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        var technologyKeys = technologies.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        Assert.All(relationships, r =>
        {
            Assert.Equal(Relationship.HasTechnologyLabel, r.Label);
            Assert.Contains(r.Source.Key, assets);
            Assert.Contains(r.Target.Key, technologyKeys);
        });
        Assert.Contains(technologies, t => t.Cpe == "cpe:2.3:o:microsoft:windows_10:10.0.17763.1637:*:*:*:*:*:*:*");

        var endOfSupport = result.Risks.Where(r => r.Name.StartsWith("end-of-support-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(endOfSupport);
        Assert.All(endOfSupport, r =>
        {
            Assert.Contains(r.Status.Code, new[] { "TH", "TM" });
            Assert.Contains(result.Assets, a => a.Dns == r.Dns);
            Assert.Single(result.Files, f => f.Name == "definitions/" + r.Name);
        });
        var stream = result.Context.Summary.Stream("software");
        Assert.Equal(software.Count + endOfSupport.Count, stream.Received);
        // One row asked before anything is sent (the permission), then the listing in pages of 200,000.
        Assert.Equal(["1", "200000"], harness.Tenant.Requests.To(FakeEndpoint.SoftwareInventoryByMachine).Select(r => r.Query["pageSize"]));
    }

    [Fact]
    public async Task A_tenant_read_from_the_export_gets_the_same_technologies_and_relationships_from_the_software_export()
    {
        var byMachine = Tenant();
        var fromExport = Tenant();
        fromExport.Config[DefenderKeys.VulnerabilitySource] = "export";

        var listed = (await byMachine.InvokeAsync()).Succeeded();
        var exported = (await fromExport.InvokeAsync()).Succeeded();

        string[] Keys(RunResult result, Func<ChariotModel, bool> which) => [.. result.Models.Where(which).Select(m => m.Key).Order(StringComparer.Ordinal)];
        Assert.Equal(Keys(listed, m => m is Technology or Relationship), Keys(exported, m => m is Technology or Relationship));
        Assert.Equal(Keys(listed, m => m is Risk r && r.Name.StartsWith("end-of-support-", StringComparison.Ordinal)), Keys(exported, m => m is Risk r && r.Name.StartsWith("end-of-support-", StringComparison.Ordinal)));
        Assert.NotEmpty(Keys(exported, m => m is Relationship));

        // One export asked for; the by-machine listing only for the permission check (one row).
        Assert.Single(fromExport.Tenant.Requests.To(FakeEndpoint.SoftwareInventoryExport));
        Assert.Equal(["1"], fromExport.Tenant.Requests.To(FakeEndpoint.SoftwareInventoryByMachine).Select(r => r.Query["pageSize"]));
        var files = fromExport.Tenant.Requests.To(FakeEndpoint.ExportBlob).Count(r => r.Path.Contains("/SoftwareInventory/", StringComparison.Ordinal));
        Assert.True(files > 0);
        // The permission check and the export's call count on the software row of the summary (files, fetched without a
        // token, are not API calls; their retries count there too).
        Assert.Equal(2, exported.Context.Summary.Stream("software").HttpCalls);
    }

    [Fact]
    public async Task Software_is_not_read_unless_asked_for()
    {
        var harness = Tenant();
        harness.Config.Remove(DefenderKeys.ImportSoftware);

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.Empty(harness.Tenant.Requests.To(FakeEndpoint.SoftwareInventoryByMachine));
        Assert.Empty(result.Models.OfType<Technology>());
    }

    [Fact]
    public async Task A_device_left_out_takes_its_software_with_it()
    {
        var harness = Tenant();
        harness.Config[DefenderKeys.DevicePlatforms] = harness.Tenant.Machine(0).OsPlatform!;

        var result = (await harness.InvokeAsync()).Succeeded();

        var hosts = result.Assets.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        Assert.InRange(hosts.Count, 1, 24);
        Assert.NotEmpty(result.Models.OfType<Relationship>());
        Assert.All(result.Models.OfType<Relationship>(), r => Assert.Contains(r.Source.Key, hosts));
        Assert.True(result.Context.Summary.Stream("software").SkippedFor(Defender.Sync.SkipReasons.DeviceOutOfScope) > 0);
    }

    [Fact]
    public async Task Without_software_read_all_the_job_fails_naming_the_permission()
    {
        var harness = Tenant(FakePermissions.SecurityAlertReadAll, FakePermissions.MachineReadAll, FakePermissions.VulnerabilityReadAll);

        var run = await harness.InvokeAsync();

        var failure = Assert.IsType<CapabilityException>(run.Failure);
        Assert.Contains("Software.Read.All", failure.Message, StringComparison.Ordinal);
        Assert.Empty(run.Assets); // checked before anything is sent
    }

    [Fact]
    public async Task Validating_with_software_on_names_a_missing_software_read_all_and_asks_one_row()
    {
        var lacking = Tenant(FakePermissions.SecurityAlertReadAll, FakePermissions.MachineReadAll, FakePermissions.VulnerabilityReadAll);
        var granted = Tenant();

        var failure = Assert.IsType<CapabilityException>((await lacking.RunAsync((capability, ct) => capability.ValidateCredentialsAsync(ct))).Failure);
        (await granted.RunAsync((capability, ct) => capability.ValidateCredentialsAsync(ct))).Succeeded();

        Assert.Contains("Software.Read.All", failure.Message, StringComparison.Ordinal);
        Assert.Equal("1", Assert.Single(granted.Tenant.Requests.To(FakeEndpoint.SoftwareInventoryByMachine)).Query["pageSize"]);
    }
}
