using System.Net;
using Chariot.Capabilities.Defender.Testing.Tests.Support;

namespace Chariot.Capabilities.Defender.Testing.Tests;

public sealed class MachinesTests
{
    private const string Machines = "https://api.securitycenter.microsoft.com/api/machines";

    [Fact]
    public async Task Filter_on_computerDnsName_with_a_doubled_quote_finds_o_brien()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);

        var (response, body) = await t.GetJsonAsync(Machines + "?$filter=" + Uri.EscapeDataString("computerDnsName eq 'o''brien-laptop.corp.contoso.com'"), token);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("o'brien-laptop.corp.contoso.com", Assert.Single(body.GetProperty("value").EnumerateArray()).GetProperty("computerDnsName").GetString());
    }

    [Fact]
    public async Task Filter_with_startswith_and_lastIpAddress_work()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        var machine = t.Tenant.Machine(4);

        var (_, byIp) = await t.GetJsonAsync(Machines + "?$filter=" + Uri.EscapeDataString($"lastIpAddress eq '{machine.LastIpAddress}'"), token);
        var (_, byPrefix) = await t.GetJsonAsync(Machines + "?$filter=" + Uri.EscapeDataString("startswith(computerDnsName,'müller')"), token);

        Assert.Contains(byIp.GetProperty("value").EnumerateArray(), m => m.GetProperty("id").GetString() == machine.Id);
        Assert.Equal("müller-pc.corp.contoso.com", byPrefix.GetProperty("value")[0].GetProperty("computerDnsName").GetString());
    }

    [Fact]
    public async Task A_tenant_with_device_lifecycle_serves_every_state_and_filters_stale_machines_and_tags()
    {
        using var t = TestTenant.Generated(new FakeTenantSize(Devices: 100, Alerts: 40, VulnerabilityRows: 100, CveCatalogue: 10), deviceLifecycle: true);
        var token = await t.TokenAsync(TestTenant.Defender);
        var now = t.Tenant.Options.TimeProvider.GetUtcNow();

        var (_, all) = await t.GetJsonAsync(Machines, token);
        var (_, recent) = await t.GetJsonAsync(Machines + "?$filter=" + Uri.EscapeDataString($"lastSeen gt {now.AddDays(-30).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}"), token);
        var (_, tagged) = await t.GetJsonAsync(Machines + "?$filter=" + Uri.EscapeDataString("machineTags/any(tag: tag eq 'tier-2')"), token);

        var machines = all.GetProperty("value").EnumerateArray().ToList();
        bool Is(System.Text.Json.JsonElement m, string property) => m.TryGetProperty(property, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.True;
        Assert.Equal(100, machines.Count);
        Assert.Equal(5, machines.Count(m => m.GetProperty("lastSeen").GetDateTimeOffset() < now.AddDays(-30)));
        Assert.Equal(95, recent.GetProperty("value").GetArrayLength());
        Assert.Equal(2, machines.Count(m => Is(m, "isExcluded")));
        Assert.Equal(2, machines.Count(m => m.TryGetProperty("mergedIntoMachineId", out var merged) && merged.GetString() is { Length: 40 }));
        Assert.Equal(4, machines.Count(m => Is(m, "isPotentialDuplication")));
        Assert.Contains(machines, m => m.GetProperty("onboardingStatus").GetString() == "CanBeOnboarded");
        Assert.True(machines.Select(m => m.GetProperty("rbacGroupId").GetInt32()).Distinct().Count() > 1);
        Assert.All(tagged.GetProperty("value").EnumerateArray(), m => Assert.Contains("tier-2", m.GetProperty("machineTags").EnumerateArray().Select(x => x.GetString())));
        Assert.NotEqual(0, tagged.GetProperty("value").GetArrayLength());
        Assert.Contains(t.Tenant.Alerts, a => a.DeviceIds.Count == 3);
    }

    [Fact]
    public async Task Top_above_ten_thousand_is_400()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);

        var (response, body) = await t.GetJsonAsync(Machines + "?$top=10001", token);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("InvalidRequestBody", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Paging_with_top_follows_nextLink_to_every_machine()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);

        var (items, pages) = await t.FollowAllAsync(Machines + "?$top=10", token);

        Assert.Equal(25, items.Count);
        Assert.Equal(3, pages);
        Assert.Equal(25, items.Select(m => m.GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task A_page_limit_clamps_every_defender_listing_and_still_links_to_every_record()
    {
        using var t = TestTenant.Generated(defenderPageLimit: 7);
        var token = await t.TokenAsync(TestTenant.Defender);

        var (machines, machinePages) = await t.FollowAllAsync(Machines + "?$top=10000", token);
        var (rows, rowPages) = await t.FollowAllAsync("https://api.securitycenter.microsoft.com/api/machines/SoftwareVulnerabilitiesByMachine?pageSize=200000", token);
        var (cves, cvePages) = await t.FollowAllAsync("https://api.securitycenter.microsoft.com/api/vulnerabilities?$top=8000", token);

        Assert.Equal((25, 4), (machines.Select(m => m.GetProperty("id").GetString()).Distinct().Count(), machinePages));
        Assert.Equal((400, 58), (rows.Count, rowPages));
        Assert.Equal((60, 9), (cves.Select(c => c.GetProperty("id").GetString()).Distinct().Count(), cvePages));
    }

    [Fact]
    public async Task A_machine_added_is_listed_and_found_and_one_removed_is_neither()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        var gone = t.Tenant.Machine(3);
        var added = t.Tenant.Machine(0) with { Id = "new0000000000000000000000000000000000001", ComputerDnsName = "new-laptop.corp.contoso.com" };

        Assert.True(t.Tenant.RemoveMachine(gone.Id));
        Assert.False(t.Tenant.RemoveMachine(gone.Id));
        t.Tenant.AddMachine(added);
        var (machines, _) = await t.FollowAllAsync(Machines + "?$top=10", token);
        using var removed = await t.GetAsync(Machines + "/" + gone.Id, token);
        var (found, _) = await t.GetJsonAsync(Machines + "/" + added.Id, token);

        var ids = machines.Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Equal(25, ids.Count);
        Assert.DoesNotContain(gone.Id, ids);
        Assert.Equal(added.Id, ids[^1]);
        Assert.Equal(HttpStatusCode.NotFound, removed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
    }

    [Fact]
    public async Task Tenant_without_machines_answers_404_ResourceNotFound()
    {
        using var t = TestTenant.Generated(new FakeTenantSize(0, 0, 0, 1));
        var token = await t.TokenAsync(TestTenant.Defender);

        var (response, body) = await t.GetJsonAsync(Machines, token);

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("ResourceNotFound", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Machine_by_id_and_unknown_id()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        var id = t.Tenant.Machine(7).Id;

        var (found, machine) = await t.GetJsonAsync(Machines + "/" + id, token);
        var (missing, _) = await t.GetJsonAsync(Machines + "/0000000000000000000000000000000000000000", token);

        Assert.Equal(200, (int)found.StatusCode);
        Assert.Equal(id, machine.GetProperty("id").GetString());
        Assert.Equal(404, (int)missing.StatusCode);
    }

    [Fact]
    public async Task Findbyip_returns_machines_seen_with_the_address_near_the_time()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        var machine = t.Tenant.Machine(2);
        var at = machine.LastSeen.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

        var (response, body) = await t.GetJsonAsync($"{Machines}/findbyip(ip='{machine.LastIpAddress}',timestamp={at})", token);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains(body.GetProperty("value").EnumerateArray(), m => m.GetProperty("id").GetString() == machine.Id);
    }

    [Fact]
    public async Task Generated_machines_include_ipv6_interfaces_non_ascii_names_and_missing_optional_fields()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);

        var (items, _) = await t.FollowAllAsync(Machines, token);

        Assert.Contains(items, m => m.TryGetProperty("ipAddresses", out var a) && a.EnumerateArray().Any(i => i.GetProperty("ipAddress").GetString()!.Contains(':', StringComparison.Ordinal)));
        Assert.Contains(items, m => m.GetProperty("computerDnsName").GetString()!.Any(c => c > 127));
        Assert.Contains(items, m => !m.TryGetProperty("aadDeviceId", out _));
        Assert.Contains(items, m => m.GetProperty("healthStatus").GetString() == "FutureHealthState");
    }
}
