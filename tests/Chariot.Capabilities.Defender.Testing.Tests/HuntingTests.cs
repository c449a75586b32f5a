using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Chariot.Capabilities.Defender.Testing.Tests.Support;
using Chariot.Capabilities.Defender.Testing.Throttling;

namespace Chariot.Capabilities.Defender.Testing.Tests;

public sealed class HuntingTests
{
    private const string RunHuntingQuery = "https://graph.microsoft.com/v1.0/security/runHuntingQuery";

    // Each device's latest full report, then the flag: the query the reference gives (defender-apis-inventory.md section 3).
    private const string LatestFacing = """
        DeviceInfo
        | where Timestamp > ago(7d)
        | where isnotempty(OSPlatform)                 // full reports only
        | summarize arg_max(Timestamp, *) by DeviceId
        | where IsInternetFacing == true
        | extend AF = parse_json(AdditionalFields)
        | project DeviceId, DeviceName, Timestamp,
            Reason = tostring(AF.InternetFacingReason),
            PublicScannedIp = tostring(AF.InternetFacingPublicScannedIp),
            PublicScannedPort = toint(AF.InternetFacingPublicScannedPort),
            LocalIp = tostring(AF.InternetFacingLocalIp),
            LocalPort = toint(AF.InternetFacingLocalPort),
            Protocol = tostring(AF.InternetFacingTransportProtocol),
            LastSeen = todatetime(AF.InternetFacingLastSeen)
        """;

    private static readonly FakeTenantSize Devices300 = new(300, 0, 0, 0);

    [Fact]
    public async Task The_latest_report_per_device_gives_exactly_the_devices_facing_now_with_their_address_and_port()
    {
        using var t = TestTenant.Generated(Devices300);
        var expected = t.Tenant.InternetFacingDevices();

        var (status, body) = await RunAsync(t, LatestFacing);

        Assert.Equal(200, status);
        Assert.Equal(
            ["DeviceId:String", "DeviceName:String", "Timestamp:DateTime", "Reason:String", "PublicScannedIp:String", "PublicScannedPort:Int32", "LocalIp:String", "LocalPort:Int32", "Protocol:String", "LastSeen:DateTime"],
            body.GetProperty("schema").EnumerateArray().Select(c => c.GetProperty("name").GetString() + ":" + c.GetProperty("type").GetString()));
        var rows = body.GetProperty("results").EnumerateArray().ToList();
        Assert.InRange(expected.Count, 20, 120); // one onboarded Windows device in five
        Assert.Equal(
            expected.Select(e => (e.DeviceId, e.PublicIp, e.PublicPort, e.Protocol, e.LocalIp, e.LocalPort, e.Reason)).OrderBy(e => e.DeviceId),
            rows.Select(r => (Text(r, "DeviceId"), Text(r, "PublicScannedIp"), r.GetProperty("PublicScannedPort").GetInt32(), Text(r, "Protocol"), (string?)Text(r, "LocalIp"), r.GetProperty("LocalPort").GetInt32(), Text(r, "Reason"))).OrderBy(e => e.Item1));
        Assert.All(rows, r => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$", Text(r, "LastSeen")));
        Assert.Contains(expected, e => e.PublicPort != e.LocalPort);
        Assert.Contains(expected, e => e.Protocol == "Udp");
    }

    [Fact]
    public async Task Filtering_the_flag_before_the_latest_report_also_returns_devices_no_longer_facing()
    {
        using var t = TestTenant.Generated(Devices300);
        const string FlagFirst = "DeviceInfo | where Timestamp > ago(7d) | where IsInternetFacing == true | summarize arg_max(Timestamp, *) by DeviceId | project DeviceId";

        var (_, latest) = await RunAsync(t, LatestFacing);
        var (status, flagFirst) = await RunAsync(t, FlagFirst);

        Assert.Equal(200, status);
        var now = Ids(latest);
        var any = Ids(flagFirst);
        Assert.True(now.IsProperSubsetOf(any), $"{now.Count} facing now, {any.Count} flagged at some time");
        Assert.InRange(any.Count - now.Count, 5, 60); // one device in ten was facing in an older report only
    }

    [Fact]
    public async Task Keyset_pages_by_device_id_cover_every_device_once_and_a_result_is_cut_at_100000_rows()
    {
        using var t = TestTenant.Generated(new FakeTenantSize(34_000, 0, 0, 0));
        var seen = new List<string>();
        var after = "";
        for (var page = 0; page < 10; page++)
        {
            var (_, body) = await RunAsync(t, $"DeviceInfo | where strcmp(DeviceId, \"{after}\") > 0 | summarize arg_max(Timestamp, *) by DeviceId | order by DeviceId asc | take 10000 | project DeviceId");
            var ids = body.GetProperty("results").EnumerateArray().Select(r => Text(r, "DeviceId")).ToList();
            seen.AddRange(ids);
            if (ids.Count < 10_000)
            {
                break;
            }

            after = ids[^1];
        }

        var (_, all) = await RunAsync(t, "DeviceInfo | project DeviceId");

        Assert.Equal(34_000, seen.Count);
        Assert.Equal(34_000, seen.Distinct().Count());
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(100_000, all.GetProperty("results").GetArrayLength()); // 102,000 reports in the table
    }

    [Fact]
    public async Task The_timespan_of_the_body_bounds_the_reports_read()
    {
        using var t = TestTenant.Generated(Devices300);

        var (_, month) = await RunAsync(t, "DeviceInfo | project DeviceId, Timestamp");
        var (_, day) = await RunAsync(t, "DeviceInfo | project DeviceId, Timestamp", "P1D");

        var since = t.Clock.GetUtcNow().AddDays(-1);
        var recent = day.GetProperty("results").EnumerateArray().ToList();
        Assert.NotEmpty(recent);
        Assert.True(recent.Count < month.GetProperty("results").GetArrayLength());
        Assert.All(recent, r => Assert.True(DateTimeOffset.Parse(Text(r, "Timestamp"), System.Globalization.CultureInfo.InvariantCulture) >= since));
    }

    [Fact]
    public async Task Toint_reads_a_whole_number_written_with_a_fraction_as_kusto_does()
    {
        using var t = TestTenant.Generated(Devices300);

        var (status, body) = await RunAsync(t, "DeviceInfo | take 1 | extend A = toint(\"443.0\"), B = toint(parse_json(\"443.0\")), C = toint(\"https\") | project A, B, C");

        Assert.Equal(200, status);
        var row = body.GetProperty("results")[0];
        Assert.Equal((443, 443, System.Text.Json.JsonValueKind.Null), (row.GetProperty("A").GetInt32(), row.GetProperty("B").GetInt32(), row.GetProperty("C").ValueKind));
    }

    [Theory]
    [InlineData("DeviceEvents | take 1", "Failed to resolve table expression named 'DeviceEvents'")]
    [InlineData("DeviceInfo | join (DeviceInfo) on DeviceId", "does not support the query operator 'join'")]
    [InlineData("DeviceInfo | where NoSuchColumn == 1", "Failed to resolve scalar expression named 'NoSuchColumn'")]
    [InlineData("DeviceInfo | where DeviceId == \"abc", "does not end")]
    [InlineData("DeviceInfo | where tolower(DeviceId) == \"a\"", "Failed to resolve scalar function named 'tolower'")]
    [InlineData("DeviceInfo | where DeviceId > \"a\"", "Cannot compare values of types string and string")]
    [InlineData("DeviceInfo | take 99999999999", "out of range")]
    public async Task A_query_the_service_cannot_compile_is_a_400_saying_why(string query, string message)
    {
        using var t = TestTenant.Generated(Devices300);

        var (status, body) = await RunAsync(t, query);

        Assert.Equal(400, status);
        Assert.Equal("BadRequest", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(message, body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_without_a_query_is_a_400_and_the_app_needs_threat_hunting_read_all()
    {
        using var t = TestTenant.Generated(Devices300, apps: [new FakeApp("7a1b2c3d-0000-4000-8000-000000000001", "secret-value-1", [FakePermissions.SecurityAlertReadAll])]);
        using var all = TestTenant.Generated(Devices300);

        var (noQuery, _) = await SendAsync(all, """{"Timespan":"P1D"}""", await all.TokenAsync(TestTenant.Graph));
        var (forbidden, body) = await SendAsync(t, """{"Query":"DeviceInfo | take 1"}""", await t.TokenAsync(TestTenant.Graph, "7a1b2c3d-0000-4000-8000-000000000001", "secret-value-1"));

        Assert.Equal(400, noQuery);
        Assert.Equal(403, forbidden);
        Assert.Contains("ThreatHunting.Read.All", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_46th_query_of_a_minute_is_throttled_with_a_retry_after()
    {
        using var t = TestTenant.Generated(Devices300, limits: FakeRateLimits.Documented);
        var token = await t.TokenAsync(TestTenant.Graph);

        var statuses = new List<int>();
        for (var i = 0; i < 46; i++)
        {
            statuses.Add((await SendAsync(t, """{"Query":"DeviceInfo | take 1"}""", token)).Status);
        }

        Assert.Equal(Enumerable.Repeat(200, 45).Append(429), statuses);
    }

    private static async Task<(int Status, JsonElement Body)> RunAsync(TestTenant t, string query, string? timespan = null) =>
        await SendAsync(t, JsonSerializer.Serialize(timespan is null ? new Dictionary<string, string> { ["Query"] = query } : new() { ["Query"] = query, ["Timespan"] = timespan }), await t.TokenAsync(TestTenant.Graph));

    private static async Task<(int Status, JsonElement Body)> SendAsync(TestTenant t, string json, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, RunHuntingQuery) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await t.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static HashSet<string> Ids(JsonElement body) => body.GetProperty("results").EnumerateArray().Select(r => Text(r, "DeviceId")).ToHashSet();

    private static string Text(JsonElement row, string name) => row.GetProperty(name).GetString()!;
}
