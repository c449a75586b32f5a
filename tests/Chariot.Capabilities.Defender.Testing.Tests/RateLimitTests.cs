using Chariot.Capabilities.Defender.Testing.Throttling;
using Chariot.Capabilities.Defender.Testing.Tests.Support;

namespace Chariot.Capabilities.Defender.Testing.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Machines_answers_429_with_Retry_After_on_the_101st_call_in_a_minute_and_recovers_when_time_passes()
    {
        using var t = TestTenant.Generated(limits: FakeRateLimits.Documented);
        var token = await t.TokenAsync(TestTenant.Defender);
        for (var call = 0; call < 100; call++)
        {
            using var ok = await t.GetAsync("https://api.securitycenter.microsoft.com/api/machines?$top=1", token);
            Assert.Equal(200, (int)ok.StatusCode);
            t.Clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        var (throttled, body) = await t.GetJsonAsync("https://api.securitycenter.microsoft.com/api/machines?$top=1", token);
        Assert.Equal(429, (int)throttled.StatusCode);
        Assert.Equal("TooManyRequests", body.GetProperty("error").GetProperty("code").GetString());
        var retryAfter = throttled.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter.TotalSeconds, 1, 60);

        t.Clock.Advance(retryAfter);
        using var after = await t.GetAsync("https://api.securitycenter.microsoft.com/api/machines?$top=1", token);
        Assert.Equal(200, (int)after.StatusCode);
    }

    [Fact]
    public async Task Export_is_limited_to_five_calls_a_minute_and_twenty_an_hour()
    {
        using var t = TestTenant.Generated(limits: FakeRateLimits.Documented);
        var token = await t.TokenAsync(TestTenant.Defender);
        var statuses = new List<int>();
        for (var minute = 0; minute < 5; minute++)
        {
            for (var call = 0; call < 6; call++)
            {
                using var response = await t.GetAsync("https://api.securitycenter.microsoft.com/api/machines/SoftwareVulnerabilitiesExport", token);
                statuses.Add((int)response.StatusCode);
            }

            t.Clock.Advance(TimeSpan.FromSeconds(61));
            if (minute == 2)
            {
                token = await t.TokenAsync(TestTenant.Defender);
            }
        }

        Assert.Equal(20, statuses.Count(s => s == 200));
        Assert.Equal(new[] { 200, 200, 200, 200, 200, 429 }, statuses.Take(6));
    }

    [Fact]
    public async Task Graph_throttling_uses_the_documented_graph_body()
    {
        using var t = TestTenant.Generated(limits: FakeRateLimits.Documented.With(FakeEndpoint.GraphAlerts, new FakeRateLimit(2, null)));
        var token = await t.TokenAsync(TestTenant.Graph);
        for (var call = 0; call < 2; call++)
        {
            using var ok = await t.GetAsync("https://graph.microsoft.com/v1.0/security/alerts_v2", token);
        }

        var (throttled, body) = await t.GetJsonAsync("https://graph.microsoft.com/v1.0/security/alerts_v2", token);

        Assert.Equal(429, (int)throttled.StatusCode);
        Assert.Equal("429", body.GetProperty("error").GetProperty("innerError").GetProperty("status").GetString());
        Assert.NotNull(throttled.Headers.RetryAfter);
    }
}
