using System.Text.Json;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Tests.Support;

namespace Chariot.Capabilities.Defender.Testing.Tests;

public sealed class SoftwareInventoryTests
{
    private const string Inventory = "https://api.securitycenter.microsoft.com/api/machines/SoftwareInventoryByMachine";

    [Fact]
    public async Task Each_device_s_software_is_listed_once_across_pages_as_its_vulnerability_rows_name_it()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);

        var (rows, pages) = await t.FollowAllAsync(Inventory + "?pageSize=37", token);

        // The oracle: the distinct (device, vendor, name, version) of the tenant's rows, read from its data directly.
        var expected = Enumerable.Range(0, (int)t.Tenant.VulnerabilityRowCount)
            .Select(i => t.Tenant.VulnerabilityRow(i))
            .OfType<FakeVulnerabilityRow>()
            .Select(r => (r.DeviceId, r.SoftwareVendor, r.SoftwareName, r.SoftwareVersion))
            .ToHashSet();
        var listed = rows.Select(r => (Text(r, "deviceId"), Text(r, "softwareVendor"), Text(r, "softwareName"), Text(r, "softwareVersion"))).ToList();
        Assert.Equal(expected.Count, listed.Count);
        Assert.True(expected.SetEquals(listed));
        Assert.Equal((expected.Count + 36) / 37, pages);
        Assert.Contains(rows, r => Text(r, "endOfSupportStatus") == "EOS Version" && r.GetProperty("endOfSupportDate").GetString() is { Length: 25 });
        Assert.Contains(rows, r => Text(r, "endOfSupportStatus") == "EOS Software");
        Assert.Contains(rows, r => Text(r, "endOfSupportStatus") == "Upcoming EOS Version");
        Assert.Contains(rows, r => Text(r, "endOfSupportStatus") == "None" && r.GetProperty("endOfSupportDate").ValueKind == JsonValueKind.Null);
        Assert.All(rows, r => Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", Text(r, "softwareFirstSeenTimestamp")));
    }

    [Fact]
    public async Task A_page_size_above_200000_is_refused_and_the_app_needs_software_read_all()
    {
        using var t = TestTenant.Generated(apps: [new FakeApp("7a1b2c3d-0000-4000-8000-000000000001", "secret-value-1", [FakePermissions.MachineReadAll])]);
        using var all = TestTenant.Generated();

        var (tooBig, _) = await all.GetJsonAsync(Inventory + "?pageSize=200001", await all.TokenAsync(TestTenant.Defender));
        var (forbidden, _) = await t.GetJsonAsync(Inventory, await t.TokenAsync(TestTenant.Defender, "7a1b2c3d-0000-4000-8000-000000000001", "secret-value-1"));

        Assert.Equal(400, (int)tooBig.StatusCode);
        Assert.Equal(403, (int)forbidden.StatusCode);
    }

    [Fact]
    public async Task The_export_s_files_hold_the_rows_of_the_listing_each_once_across_files_in_pascal_case()
    {
        using var t = TestTenant.Generated(exportRowsPerFile: 37);
        var token = await t.TokenAsync(TestTenant.Defender);

        var (listed, _) = await t.FollowAllAsync(Inventory, token);
        var (response, body) = await t.GetJsonAsync(Inventory.Replace("ByMachine", "Export", StringComparison.Ordinal), token);
        var links = body.GetProperty("exportFiles").EnumerateArray().Select(l => l.GetString()!).ToList();
        var lines = new List<JsonElement>();
        foreach (var link in links)
        {
            Assert.Contains("/SoftwareInventory/json/", link, StringComparison.Ordinal);
            lines.AddRange(await VulnerabilitiesTests.DownloadLinesAsync(t, link));
        }

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(11, links.Count); // 400 rows, 37 a file
        Assert.True(lines[0].TryGetProperty("SoftwareVendor", out _), "export files use PascalCase keys");
        Assert.Equal(
            listed.Select(r => (Text(r, "deviceId"), Text(r, "softwareName"), Text(r, "softwareVersion"), Text(r, "endOfSupportStatus"))).Order(),
            lines.Select(r => (Text(r, "DeviceId"), Text(r, "SoftwareName"), Text(r, "SoftwareVersion"), Text(r, "EndOfSupportStatus"))).Order());
    }

    private static string Text(JsonElement row, string name) => row.GetProperty(name).GetString()!;
}
