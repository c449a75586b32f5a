using System.Text.Json;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Tests.Support;

namespace Chariot.Capabilities.Defender.Testing.Tests;

public sealed class GraphAlertsTests
{
    private const string Alerts = "https://graph.microsoft.com/v1.0/security/alerts_v2";

    [Fact]
    public async Task Following_nextLink_with_top_returns_every_alert_once_newest_first()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Graph);

        var (items, pages) = await t.FollowAllAsync(Alerts + "?$top=7", token);

        Assert.Equal(40, items.Count);
        Assert.Equal(6, pages);
        Assert.Equal(40, items.Select(a => a.GetProperty("id").GetString()).Distinct().Count());
        var created = items.Select(a => a.GetProperty("createdDateTime").GetDateTimeOffset()).ToList();
        Assert.Equal(created.OrderByDescending(c => c), created);
    }

    [Fact]
    public async Task NextLink_carries_skip_and_the_filter()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Graph);

        var (_, body) = await t.GetJsonAsync(Alerts + "?$top=2&$filter=" + Uri.EscapeDataString("severity ne 'low'"), token);
        var next = new Uri(body.GetProperty("@odata.nextLink").GetString()!);

        Assert.Equal("graph.microsoft.com", next.Host);
        Assert.Contains("$skip=2", Uri.UnescapeDataString(next.Query), StringComparison.Ordinal);
        Assert.Contains("severity ne 'low'", Uri.UnescapeDataString(next.Query), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("severity eq 'high'")]
    [InlineData("status eq 'new' or status eq 'inProgress'")]
    [InlineData("serviceSource eq 'microsoftDefenderForEndpoint' and severity in ('high','medium')")]
    [InlineData("lastUpdateDateTime ge 2024-07-30T00:00:00Z")]
    [InlineData("lastUpdateDateTime gt 2024-07-30T00:00:00Z and lastUpdateDateTime lt 2024-07-31T06:00:00Z")]
    [InlineData("createdDateTime lt 2024-07-31T06:00:00Z and not (status eq 'resolved')")]
    public async Task Filter_returns_exactly_the_matching_alerts(string filter)
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Graph);
        var expected = t.Tenant.Alerts.Where(Predicate(filter)).Select(a => a.Id).ToHashSet();

        var (items, _) = await t.FollowAllAsync(Alerts + "?$filter=" + Uri.EscapeDataString(filter), token);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, items.Select(a => a.GetProperty("id").GetString()!).ToHashSet());
    }

    [Fact]
    public async Task Unsupported_filter_property_is_400_not_ignored()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Graph);

        var (response, body) = await t.GetJsonAsync(Alerts + "?$filter=" + Uri.EscapeDataString("title eq 'x'"), token);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("BadRequest", body.GetProperty("error").GetProperty("code").GetString());
        Assert.True(body.GetProperty("error").GetProperty("innerError").TryGetProperty("request-id", out _));
    }

    [Fact]
    public async Task Alerts_carry_device_file_process_and_other_evidence_with_machine_ids()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Graph);

        var (items, _) = await t.FollowAllAsync(Alerts, token);
        var types = items.SelectMany(a => a.GetProperty("evidence").EnumerateArray()).Select(e => e.GetProperty("@odata.type").GetString()).ToHashSet();
        var deviceIds = items.SelectMany(a => a.GetProperty("evidence").EnumerateArray())
            .Where(e => e.GetProperty("@odata.type").GetString() == "#microsoft.graph.security.deviceEvidence")
            .Select(e => e.GetProperty("mdeDeviceId").GetString()!).ToHashSet();
        var machineIds = Enumerable.Range(0, (int)t.Tenant.MachineCount).Select(i => t.Tenant.Machine(i).Id).ToHashSet();

        Assert.Superset(new HashSet<string?> { "#microsoft.graph.security.deviceEvidence", "#microsoft.graph.security.fileEvidence", "#microsoft.graph.security.processEvidence" }, types);
        Assert.Subset(machineIds, deviceIds);
    }

    [Fact]
    public async Task Updated_alert_is_found_by_a_lastUpdateDateTime_filter_and_ties_are_all_returned()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Graph);
        var checkpoint = t.Clock.GetUtcNow();
        t.Clock.Advance(TimeSpan.FromMinutes(5));
        var victim = t.Tenant.Alerts[10].Id;
        var when = t.Clock.GetUtcNow();
        t.Tenant.UpdateAlert(victim, a => a with { Status = "resolved" });
        t.Tenant.AddAlert(new FakeAlert("tie-1", "Tie", "high", "new", "microsoftDefenderForEndpoint", when, when));
        t.Tenant.AddAlert(new FakeAlert("tie-2", "Tie", "high", "new", "microsoftDefenderForEndpoint", when, when));

        var filter = Uri.EscapeDataString($"lastUpdateDateTime gt {checkpoint:yyyy-MM-ddTHH:mm:ssZ}");
        var (items, _) = await t.FollowAllAsync(Alerts + "?$top=1&$filter=" + filter, token);

        Assert.Equal(new[] { "tie-1", "tie-2", victim }.Order(), items.Select(a => a.GetProperty("id").GetString()!).Order());
        Assert.Equal("resolved", items.Single(a => a.GetProperty("id").GetString() == victim).GetProperty("status").GetString());
    }

    private static Func<FakeAlert, bool> Predicate(string filter) => filter switch
    {
        "severity eq 'high'" => a => a.Severity == "high",
        "status eq 'new' or status eq 'inProgress'" => a => a.Status is "new" or "inProgress",
        "serviceSource eq 'microsoftDefenderForEndpoint' and severity in ('high','medium')" => a => a.ServiceSource == "microsoftDefenderForEndpoint" && a.Severity is "high" or "medium",
        "lastUpdateDateTime ge 2024-07-30T00:00:00Z" => a => a.LastUpdateDateTime >= new DateTimeOffset(2024, 7, 30, 0, 0, 0, TimeSpan.Zero),
        "lastUpdateDateTime gt 2024-07-30T00:00:00Z and lastUpdateDateTime lt 2024-07-31T06:00:00Z" => a => a.LastUpdateDateTime > new DateTimeOffset(2024, 7, 30, 0, 0, 0, TimeSpan.Zero) && a.LastUpdateDateTime < new DateTimeOffset(2024, 7, 31, 6, 0, 0, TimeSpan.Zero),
        _ => a => a.CreatedDateTime < new DateTimeOffset(2024, 7, 31, 6, 0, 0, TimeSpan.Zero) && a.Status != "resolved",
    };
}
