using System.Text.Json;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Testing.Tests.Support;

namespace Chariot.Capabilities.Defender.Testing.Tests;

/// <summary>The alerts_v2 paging the real service was seen to do beyond its documentation, each selectable.</summary>
public sealed class GraphAlertsPagingTests
{
    private const string Alerts = "https://graph.microsoft.com/v1.0/security/alerts_v2";

    private static string[] Ids(JsonElement body) => [.. body.GetProperty("value").EnumerateArray().Select(a => a.GetProperty("id").GetString()!)];

    private static DateTimeOffset[] Updated(JsonElement body) =>
        [.. body.GetProperty("value").EnumerateArray().Select(a => a.GetProperty("lastUpdateDateTime").GetDateTimeOffset())];

    [Fact]
    public async Task A_top_above_the_largest_page_is_clamped_not_refused()
    {
        using var t = TestTenant.Generated(graphAlerts: GraphAlertsBehaviour.Documented with { MaxPageSize = 10 });
        var token = await t.TokenAsync(TestTenant.Graph);

        var (response, body) = await t.GetJsonAsync(Alerts + "?$top=5000", token);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(10, Ids(body).Length);
        Assert.Contains("$top=10", Uri.UnescapeDataString(body.GetProperty("@odata.nextLink").GetString()!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_top_the_default_page_size_applies()
    {
        using var t = TestTenant.Generated(graphAlerts: GraphAlertsBehaviour.Documented with { DefaultPageSize = 6 });
        var token = await t.TokenAsync(TestTenant.Graph);

        var (_, body) = await t.GetJsonAsync(Alerts, token);

        Assert.Equal(6, Ids(body).Length);
    }

    [Fact]
    public async Task A_service_that_gives_no_next_link_stops_after_a_full_page_though_more_match_and_skip_reaches_them()
    {
        using var t = TestTenant.Generated(graphAlerts: GraphAlertsBehaviour.NoNextLink with { MaxPageSize = 15 });
        var token = await t.TokenAsync(TestTenant.Graph);

        var (_, first) = await t.GetJsonAsync(Alerts + "?$top=1000&$count=true", token);
        var (_, second) = await t.GetJsonAsync(Alerts + "?$top=1000&$skip=15&$count=true", token);
        var (_, last) = await t.GetJsonAsync(Alerts + "?$top=1000&$skip=30&$count=true", token);

        Assert.False(first.TryGetProperty("@odata.nextLink", out _));
        Assert.Equal(40, first.GetProperty("@odata.count").GetInt32());
        Assert.Equal(t.Tenant.Alerts.Select(a => a.Id), [.. Ids(first), .. Ids(second), .. Ids(last)]);
    }

    [Theory]
    [InlineData("lastUpdateDateTime asc")]
    [InlineData("lastUpdateDateTime")]
    public async Task Orderby_last_update_ascending_is_honoured_with_ties_in_a_stable_order(string orderBy)
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Graph);
        var when = t.Clock.GetUtcNow().AddDays(-1);
        t.Tenant.AddAlert(new FakeAlert("tie-b", "Tie", "high", "new", "microsoftDefenderForEndpoint", when, when));
        t.Tenant.AddAlert(new FakeAlert("tie-a", "Tie", "high", "new", "microsoftDefenderForEndpoint", when, when));

        var (items, _) = await t.FollowAllAsync(Alerts + "?$top=7&$orderby=" + Uri.EscapeDataString(orderBy), token);

        var updated = items.Select(a => a.GetProperty("lastUpdateDateTime").GetDateTimeOffset()).ToList();
        Assert.Equal(42, items.Count);
        Assert.Equal(updated.Order(), updated);
        var ties = items.Select(a => a.GetProperty("id").GetString()).Where(id => id!.StartsWith("tie-", StringComparison.Ordinal));
        Assert.Equal(["tie-a", "tie-b"], ties);
    }

    [Fact]
    public async Task A_service_that_refuses_orderby_answers_400_and_serves_the_same_query_without_it()
    {
        using var t = TestTenant.Generated(graphAlerts: GraphAlertsBehaviour.Documented with { OrderBy = AlertOrdering.Refused });
        var token = await t.TokenAsync(TestTenant.Graph);

        var (refused, error) = await t.GetJsonAsync(Alerts + "?$orderby=" + Uri.EscapeDataString("lastUpdateDateTime asc"), token);
        var (served, _) = await t.GetJsonAsync(Alerts + "?$top=3", token);

        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Contains("OrderBy", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, (int)served.StatusCode);
    }

    [Fact]
    public async Task A_service_that_ignores_orderby_stays_newest_first()
    {
        using var t = TestTenant.Generated(graphAlerts: GraphAlertsBehaviour.Documented with { OrderBy = AlertOrdering.Ignored });
        var token = await t.TokenAsync(TestTenant.Graph);

        var (_, body) = await t.GetJsonAsync(Alerts + "?$top=40&$orderby=" + Uri.EscapeDataString("lastUpdateDateTime asc"), token);

        Assert.Equal(t.Tenant.Alerts.Select(a => a.Id), Ids(body));
        Assert.NotEqual(Updated(body).Order(), Updated(body));
    }

    [Fact]
    public async Task Count_is_answered_only_when_the_behaviour_says_so()
    {
        using var counting = TestTenant.Generated();
        using var silent = TestTenant.Generated(graphAlerts: GraphAlertsBehaviour.Documented with { AnswersCount = false });

        var (_, counted) = await counting.GetJsonAsync(Alerts + "?$top=1&$count=true", await counting.TokenAsync(TestTenant.Graph));
        var (_, uncounted) = await silent.GetJsonAsync(Alerts + "?$top=1&$count=true", await silent.TokenAsync(TestTenant.Graph));

        Assert.Equal(40, counted.GetProperty("@odata.count").GetInt32());
        Assert.False(uncounted.TryGetProperty("@odata.count", out _));
    }

    [Fact]
    public async Task A_change_planned_before_a_call_is_made_before_that_call_is_answered()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Graph);
        var victim = t.Tenant.Alerts[^1].Id;
        t.Tenant.Faults.BeforeCall(FakeEndpoint.GraphAlerts, 2, () => t.Tenant.UpdateAlert(victim, a => a with { Status = "resolved" }));

        var (_, before) = await t.GetJsonAsync(Alerts + "?$top=40", token);
        var (_, after) = await t.GetJsonAsync(Alerts + "?$top=40", token);

        string StatusOf(JsonElement body) => body.GetProperty("value").EnumerateArray().Single(a => a.GetProperty("id").GetString() == victim).GetProperty("status").GetString()!;
        Assert.NotEqual("resolved", StatusOf(before));
        Assert.Equal("resolved", StatusOf(after));
    }

    [Fact]
    public async Task Consent_withdrawn_mid_listing_answers_403_in_the_graph_error_shape()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Graph);
        t.Tenant.Faults.OnCall(FakeEndpoint.GraphAlerts, 1, Fault.Forbidden());

        var (response, body) = await t.GetJsonAsync(Alerts, token);

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("Forbidden", body.GetProperty("error").GetProperty("code").GetString());
    }
}
