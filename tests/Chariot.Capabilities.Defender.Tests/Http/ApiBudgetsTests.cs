using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Http;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace Chariot.Capabilities.Defender.Tests.Http;

[Collection(DrivenClock.Alone)]
public sealed class ApiBudgetsTests
{
    private static HttpRequestMessage Machines() => new(HttpMethod.Get, "https://api.securitycenter.microsoft.com/api/machines?$top=1");

    private static DefenderSettings Settings(string? tenant = null)
    {
        var harness = new DefenderHarness();
        if (tenant is not null)
        {
            harness.Secret["tenant_id"] = tenant;
        }

        return DefenderSettingsParser.Parse(harness.Job());
    }

    [Theory]
    [InlineData("/api/machines?$top=1", "machines", "devices")]
    [InlineData("/api/machines/abc123", "machines", "devices")]
    [InlineData("/api/machines/abc123/vulnerabilities", "machine-vulnerabilities", "fix checks")]
    [InlineData("/api/machines/SoftwareVulnerabilitiesByMachine?pageSize=1", "vulnerabilities-by-machine", "vulnerabilities")]
    [InlineData("/api/machines/SoftwareVulnerabilityChangesByMachine?sinceTime=x", "vulnerabilities-by-machine", "vulnerabilities")]
    [InlineData("/api/machines/SoftwareVulnerabilitiesExport", "vulnerabilities-export", "vulnerabilities")]
    [InlineData("/api/vulnerabilities?$top=1", "vulnerabilities", "definitions")]
    [InlineData("/v1.0/security/alerts_v2", "graph-security", "alerts")]
    [InlineData("/api/other", null, "devices")]
    [InlineData("/export/file-1.json.gz?sig=x", null, "vulnerabilities")]
    public void Each_endpoint_falls_under_its_documented_budget_and_its_summary_stream(string path, string? budget, string stream)
    {
        var kind = ApiEndpoints.Of(new Uri("https://api.securitycenter.microsoft.com" + path));

        Assert.Equal(budget, kind.Budget?.Name);
        Assert.Equal(stream, kind.Stream);
    }

    [Fact]
    public void A_tagged_request_is_not_told_by_its_url()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.securitycenter.microsoft.com/api/machines");
        Assert.Same(ApiEndpoints.Machines, ApiEndpoints.Of(request));

        request.Options.Set(ApiEndpoints.Key, ApiEndpoints.Catalogue);
        Assert.Same(ApiEndpoints.Catalogue, ApiEndpoints.Of(request));
    }

    [Fact]
    public async Task One_machines_vulnerabilities_are_asked_at_most_45_a_minute_and_1350_an_hour()
    {
        var time = new DrivenClock(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        using var shared = new CallBudgets(time);
        var budgets = new ApiBudgets(shared, Settings());
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.securitycenter.microsoft.com/api/machines/abc/vulnerabilities");
        var started = time.GetUtcNow();
        async Task<int> TakeAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                using var lease = await budgets.AcquireAsync(request, CancellationToken.None);
                Assert.True(lease.IsAcquired);
            }

            return count;
        }

        await time.DriveAsync(() => TakeAsync(1350));
        var hourly = time.GetUtcNow() - started;
        await time.DriveAsync(() => TakeAsync(1));

        // 45 a minute, each window held one segment (10 s) longer, spreads the first 1,350 over 30 windows of 70 s; the
        // 1,351st waits for the hour, held one segment (10 minutes) longer, to slide past the first 45.
        Assert.Equal(TimeSpan.FromSeconds(29 * 70), hourly);
        Assert.Equal(TimeSpan.FromMinutes(70), time.GetUtcNow() - started);
    }

    [Fact]
    public async Task Machines_calls_past_90_a_minute_wait_for_the_window_to_slide()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        using var shared = new CallBudgets(time);
        var budgets = new ApiBudgets(shared, Settings());
        using var request = Machines();
        for (var i = 0; i < 90; i++)
        {
            using var lease = await budgets.AcquireAsync(request, CancellationToken.None);
            Assert.True(lease.IsAcquired);
        }

        var waiting = budgets.AcquireAsync(request, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        // Held for the whole window plus one segment, so no exact 60 s window of the server's ever sees more than 90.
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(10));

        using var granted = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(granted.IsAcquired);
    }

    [Fact]
    public async Task Jobs_of_one_app_and_tenant_share_a_budget_and_another_tenant_has_its_own()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        using var shared = new CallBudgets(time);
        var first = new ApiBudgets(shared, Settings());
        var second = new ApiBudgets(shared, Settings());
        var otherTenant = new ApiBudgets(shared, Settings("22222222-2222-2222-2222-222222222222"));
        using var request = Machines();
        for (var i = 0; i < 90; i++)
        {
            using var lease = await (i % 2 == 0 ? first : second).AcquireAsync(request, CancellationToken.None);
        }

        var waiting = second.AcquireAsync(request, CancellationToken.None).AsTask();
        using var other = await otherTenant.AcquireAsync(request, CancellationToken.None);

        Assert.False(waiting.IsCompleted);
        Assert.True(other.IsAcquired);
        Assert.Equal(2 * ApiEndpoints.Budgets.Length, shared.Count);
    }

    [Fact]
    public async Task A_retry_after_seen_by_one_job_pauses_the_endpoint_for_the_other()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        using var shared = new CallBudgets(time);
        var first = new ApiBudgets(shared, Settings());
        var second = new ApiBudgets(shared, Settings());
        using var request = Machines();

        first.Pause(ApiEndpoints.Of(request), TimeSpan.FromSeconds(30));
        var waiting = second.AcquireAsync(request, CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        using var granted = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(granted.IsAcquired);
    }

    [Fact]
    public void Each_listing_asks_for_the_largest_page_its_api_accepts_and_caps_a_page_at_twice_that()
    {
        // Issue 9: machines 10,000, by-machine and changes 200,000, catalogue 8,000, alerts 1,000 (what Graph gives).
        Assert.Equal(
            [10_000, 200_000, 8_000, 1_000],
            new[] { ApiEndpoints.Machines, ApiEndpoints.VulnerabilitiesByMachine, ApiEndpoints.Catalogue, ApiEndpoints.Alerts }.Select(l => l.PageSize));
        Assert.All(
            new[] { ApiEndpoints.Machines, ApiEndpoints.VulnerabilitiesByMachine, ApiEndpoints.Catalogue, ApiEndpoints.Alerts },
            listing => Assert.Equal(2 * listing.PageSize, listing.MaxPageItems));
    }
}
