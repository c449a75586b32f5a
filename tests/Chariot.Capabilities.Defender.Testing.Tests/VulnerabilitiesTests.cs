using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Tests.Support;

namespace Chariot.Capabilities.Defender.Testing.Tests;

public sealed class VulnerabilitiesTests
{
    private const string Api = "https://api.securitycenter.microsoft.com/api";

    [Fact]
    public async Task Catalogue_pages_with_top_and_filters_on_severity()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);

        var (all, pages) = await t.FollowAllAsync(Api + "/vulnerabilities?$top=25", token);
        var (_, critical) = await t.GetJsonAsync(Api + "/vulnerabilities?$filter=" + Uri.EscapeDataString("severity eq 'Critical'"), token);
        var (tooMany, _) = await t.GetJsonAsync(Api + "/vulnerabilities?$top=8001", token);

        Assert.Equal(60, all.Count);
        Assert.Equal(3, pages);
        Assert.All(critical.GetProperty("value").EnumerateArray(), c => Assert.Equal("Critical", c.GetProperty("severity").GetString()));
        Assert.Equal(400, (int)tooMany.StatusCode);
    }

    [Fact]
    public async Task By_machine_rows_page_with_pageSize_and_share_device_ids_with_machines()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);

        var (rows, pages) = await t.FollowAllAsync(Api + "/machines/SoftwareVulnerabilitiesByMachine?pageSize=150", token);
        var machineIds = Enumerable.Range(0, 25).Select(i => t.Tenant.Machine(i).Id).ToHashSet();

        Assert.Equal(400, rows.Count);
        Assert.Equal(3, pages);
        Assert.Subset(machineIds, rows.Select(r => r.GetProperty("deviceId").GetString()!).ToHashSet());
        Assert.Contains(rows, r => r.GetProperty("cveId").ValueKind == JsonValueKind.Null);
        Assert.Contains(rows, r => r.GetProperty("cveId").GetString()?.StartsWith("CVE-", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task By_machine_pageSize_above_200000_is_400()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        var (response, _) = await t.GetJsonAsync(Api + "/machines/SoftwareVulnerabilitiesByMachine?pageSize=200001", token);
        Assert.Equal(400, (int)response.StatusCode);
    }

    [Fact]
    public async Task Fixed_vulnerability_leaves_the_rows_and_appears_in_changes_with_new_ones()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        var since = t.Clock.GetUtcNow();
        var row = Enumerable.Range(0, 400).Select(i => t.Tenant.VulnerabilityRow(i)!).First(r => r.CveId is not null);
        t.Clock.Advance(TimeSpan.FromMinutes(30));

        var fixedCount = t.Tenant.FixVulnerability(row.DeviceId, row.CveId!);
        t.Tenant.AddVulnerability(row with { Id = "new-row", CveId = "CVE-2024-7256" });
        var (rows, _) = await t.FollowAllAsync(Api + "/machines/SoftwareVulnerabilitiesByMachine", token);
        var sinceText = Uri.EscapeDataString(since.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        var (changes, _) = await t.FollowAllAsync(Api + "/machines/SoftwareVulnerabilityChangesByMachine?sinceTime=" + sinceText, token);

        Assert.True(fixedCount >= 1);
        Assert.DoesNotContain(rows, r => r.GetProperty("deviceId").GetString() == row.DeviceId && r.GetProperty("cveId").GetString() == row.CveId);
        Assert.Contains(rows, r => r.GetProperty("id").GetString() == "new-row");
        Assert.Equal(fixedCount, changes.Count(c => c.GetProperty("status").GetString() == "Fixed"));
        Assert.Single(changes, c => c.GetProperty("status").GetString() == "New");
    }

    [Fact]
    public async Task A_machines_vulnerabilities_are_the_cves_it_has_now()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        var row = Enumerable.Range(0, 400).Select(i => t.Tenant.VulnerabilityRow(i)!).First(r => r.CveId is not null);
        var deviceRows = Enumerable.Range(0, (int)t.Tenant.VulnerabilityRowCount).Select(i => t.Tenant.VulnerabilityRow(i)!).Where(r => r.DeviceId == row.DeviceId).ToList();

        var (before, _) = await t.FollowAllAsync(Api + $"/machines/{row.DeviceId}/vulnerabilities", token);
        t.Tenant.FixVulnerability(row.DeviceId, row.CveId!);
        var (after, _) = await t.FollowAllAsync(Api + $"/machines/{row.DeviceId}/vulnerabilities", token);
        var (unknown, _) = await t.GetJsonAsync(Api + "/machines/0000000000000000000000000000000000000000/vulnerabilities", token);

        Assert.Equal(
            deviceRows.Select(r => r.CveId).OfType<string>().Distinct().Order(StringComparer.Ordinal),
            before.Select(c => c.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.Contains(before, c => c.GetProperty("id").GetString() == row.CveId);
        Assert.DoesNotContain(after, c => c.GetProperty("id").GetString() == row.CveId);
        Assert.Equal(before.Count - 1, after.Count);
        Assert.Equal(404, (int)unknown.StatusCode);
        Assert.Contains(t.Tenant.Requests.All, r => r.Endpoint == FakeEndpoint.MachineVulnerabilities);
    }

    [Fact]
    public async Task Changes_since_more_than_14_days_ago_is_400()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        var (response, _) = await t.GetJsonAsync(Api + "/machines/SoftwareVulnerabilityChangesByMachine?sinceTime=2024-07-01T00:00:00Z", token);
        Assert.Equal(400, (int)response.StatusCode);
    }

    [Fact]
    public async Task Export_returns_sas_links_whose_files_are_gzip_json_lines_of_every_row()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);

        var (response, body) = await t.GetJsonAsync(Api + "/machines/SoftwareVulnerabilitiesExport", token);
        var links = body.GetProperty("exportFiles").EnumerateArray().Select(l => l.GetString()!).ToList();
        var lines = new List<JsonElement>();
        foreach (var link in links)
        {
            Assert.EndsWith(".blob.core.windows.net", new Uri(link).Host, StringComparison.Ordinal);
            lines.AddRange(await DownloadLinesAsync(t, link));
        }

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(400, lines.Count);
        Assert.True(lines[0].TryGetProperty("DeviceId", out _), "export files use PascalCase keys");
    }

    [Fact]
    public async Task Blob_refuses_a_request_that_carries_the_bearer_token()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        var (_, body) = await t.GetJsonAsync(Api + "/machines/SoftwareVulnerabilitiesExport", token);
        var link = body.GetProperty("exportFiles")[0].GetString()!;

        using var response = await t.GetAsync(link, token);
        var xml = await response.Content.ReadAsStringAsync();

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("<Code>InvalidAuthenticationInfo</Code>", xml, StringComparison.Ordinal);
        Assert.Contains("Only one scheme should be used", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_link_expires_after_sasValidHours_and_tampered_links_fail()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        var (_, body) = await t.GetJsonAsync(Api + "/machines/SoftwareVulnerabilitiesExport?sasValidHours=2", token);
        var link = body.GetProperty("exportFiles")[0].GetString()!;

        using var tampered = await t.GetAsync(link.Replace("sp=r", "sp=rw", StringComparison.Ordinal).Replace("se=2024", "se=2099", StringComparison.Ordinal), null);
        t.Clock.Advance(TimeSpan.FromHours(2));
        using var expired = await t.GetAsync(link, null);

        Assert.Equal(403, (int)tampered.StatusCode);
        Assert.Equal(403, (int)expired.StatusCode);
        Assert.Contains("AuthenticationFailed", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    internal static async Task<List<JsonElement>> DownloadLinesAsync(TestTenant t, string link)
    {
        using var response = await t.GetAsync(link, null);
        Assert.Equal(200, (int)response.StatusCode);
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var lines = new List<JsonElement>();
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Add(JsonDocument.Parse(line).RootElement.Clone());
        }

        return lines;
    }
}
