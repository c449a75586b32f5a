using System.IO.Compression;
using System.Text.Json;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Testing.Tests.Support;

namespace Chariot.Capabilities.Defender.Testing.Tests;

public sealed class FaultTests
{
    private const string Machines = "https://api.securitycenter.microsoft.com/api/machines";

    [Theory]
    [InlineData("seconds", "2")]
    [InlineData("fractional", "2.128")]
    [InlineData("date", "Wed, 31 Jul 2024 12:00:30 GMT")]
    public async Task Third_call_answers_429_with_Retry_After_in_the_requested_shape(string shape, string header)
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        var retryAfter = shape switch
        {
            "seconds" => RetryAfter.Seconds(2),
            "fractional" => RetryAfter.FractionalSeconds(2.128),
            _ => RetryAfter.At(t.Clock.GetUtcNow().AddSeconds(30)),
        };
        t.Tenant.Faults.OnCall(FakeEndpoint.Machines, 3, Fault.TooManyRequests(retryAfter));

        var statuses = new List<int>();
        string? sent = null;
        for (var call = 0; call < 4; call++)
        {
            using var response = await t.GetAsync(Machines, token);
            statuses.Add((int)response.StatusCode);
            if ((int)response.StatusCode == 429)
            {
                sent = string.Join(",", response.Headers.GetValues("Retry-After"));
            }
        }

        Assert.Equal(new[] { 200, 200, 429, 200 }, statuses);
        Assert.Equal(header, sent);
    }

    [Theory]
    [InlineData(500, false)]
    [InlineData(503, true)]
    [InlineData(504, false)]
    public async Task Server_errors_come_with_or_without_Retry_After(int status, bool withRetryAfter)
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        t.Tenant.Faults.OnNextCall(FakeEndpoint.Machines, Fault.ServerError(status, withRetryAfter ? RetryAfter.Seconds(5) : null));

        using var response = await t.GetAsync(Machines, token);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(withRetryAfter, response.Headers.RetryAfter is not null);
    }

    [Fact]
    public async Task Connection_reset_mid_body_throws_while_reading()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        t.Tenant.Faults.OnNextCall(FakeEndpoint.SoftwareVulnerabilitiesByMachine, Fault.ConnectionReset(afterBytes: 500));

        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.securitycenter.microsoft.com/api/machines/SoftwareVulnerabilitiesByMachine");
        request.Headers.Authorization = new("Bearer", token);
        using var response = await t.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();

        Assert.Equal(200, (int)response.StatusCode);
        await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task Truncated_body_ends_cleanly_with_unfinished_json()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Graph);
        t.Tenant.Faults.OnNextCall(FakeEndpoint.GraphAlerts, Fault.TruncatedBody(afterBytes: 300));

        using var response = await t.GetAsync("https://graph.microsoft.com/v1.0/security/alerts_v2", token);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(300, text.Length);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
    }

    [Fact]
    public async Task Slow_body_trickles_out_as_the_tenant_clock_advances()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        t.Tenant.Faults.OnNextCall(FakeEndpoint.MachineById, Fault.SlowBody(TimeSpan.FromSeconds(10), chunkBytes: 100));

        using var request = new HttpRequestMessage(HttpMethod.Get, Machines + "/" + t.Tenant.Machine(1).Id);
        request.Headers.Authorization = new("Bearer", token);
        using var response = await t.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reading = response.Content.ReadAsStringAsync();
        var advances = 0;
        while (!reading.IsCompleted && advances < 1000)
        {
            t.Clock.Advance(TimeSpan.FromSeconds(10));
            advances++;
            await Task.Yield();
        }

        var text = await reading;
        Assert.True(advances > 3, $"the body needed {advances} clock advances");
        Assert.Equal(t.Tenant.Machine(1).Id, JsonDocument.Parse(text).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Repeating_nextLink_points_at_the_same_page()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        t.Tenant.Faults.OnNextCall(FakeEndpoint.Machines, Fault.RepeatingNextLink());

        var (_, body) = await t.GetJsonAsync(Machines + "?$top=5", token);

        Assert.Equal(Machines + "?$top=5", body.GetProperty("@odata.nextLink").GetString());
    }

    [Fact]
    public async Task Foreign_nextLink_points_at_another_host_which_the_handler_cannot_reach()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Graph);
        t.Tenant.Faults.OnNextCall(FakeEndpoint.GraphAlerts, Fault.ForeignNextLink());

        var (_, body) = await t.GetJsonAsync("https://graph.microsoft.com/v1.0/security/alerts_v2?$top=5", token);
        var next = body.GetProperty("@odata.nextLink").GetString()!;

        Assert.Equal(Fault.ForeignHost, new Uri(next).Host);
        await Assert.ThrowsAsync<HttpRequestException>(() => t.GetAsync(next, token));
    }

    [Fact]
    public async Task Empty_gzip_file_and_expired_export_url()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        t.Tenant.Faults.OnNextCall(FakeEndpoint.ExportBlob, Fault.EmptyGzipFile());
        var (_, export) = await t.GetJsonAsync("https://api.securitycenter.microsoft.com/api/machines/SoftwareVulnerabilitiesExport", token);
        var lines = await VulnerabilitiesTests.DownloadLinesAsync(t, export.GetProperty("exportFiles")[0].GetString()!);

        t.Tenant.Faults.OnNextCall(FakeEndpoint.SoftwareVulnerabilitiesExport, Fault.ExpiredExportUrl());
        var (_, expiredExport) = await t.GetJsonAsync("https://api.securitycenter.microsoft.com/api/machines/SoftwareVulnerabilitiesExport", token);
        using var expired = await t.GetAsync(expiredExport.GetProperty("exportFiles")[0].GetString()!, null);

        Assert.Empty(lines);
        Assert.Equal(403, (int)expired.StatusCode);
    }

    [Fact]
    public async Task Revoked_token_fault_refuses_this_call_and_later_ones()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        t.Tenant.Faults.OnNextCall(FakeEndpoint.Machines, Fault.RevokedToken());

        using var first = await t.GetAsync(Machines, token);
        using var second = await t.GetAsync(Machines, token);

        Assert.Equal(401, (int)first.StatusCode);
        Assert.Equal(401, (int)second.StatusCode);
    }

    [Fact]
    public async Task Probabilistic_faults_repeat_exactly_for_the_same_seed()
    {
        async Task<List<int>> RunAsync()
        {
            using var t = TestTenant.Generated();
            var token = await t.TokenAsync(TestTenant.Defender);
            t.Tenant.Faults.WithProbability(FakeEndpoint.Machines, 0.3, Fault.ServerError(503));
            var statuses = new List<int>();
            for (var call = 0; call < 30; call++)
            {
                using var response = await t.GetAsync(Machines + "?$top=1", token);
                statuses.Add((int)response.StatusCode);
            }

            return statuses;
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Contains(503, first);
        Assert.Contains(200, first);
    }

    [Fact]
    public async Task A_call_draws_its_fault_whatever_other_endpoints_were_asked_before_it()
    {
        // Concurrent listings reach the tenant in any order: which call of an endpoint fails must not depend on it,
        // or a chaos run could not be replayed from its seed.
        async Task<List<int>> MachineStatusesAsync(bool interleaved)
        {
            using var t = TestTenant.Generated();
            var token = await t.TokenAsync(TestTenant.Defender);
            t.Tenant.Faults.WithProbability(FakeEndpoint.Machines, 0.3, Fault.ServerError(503));
            t.Tenant.Faults.WithProbability(FakeEndpoint.Vulnerabilities, 0.5, Fault.ServerError(500));
            var statuses = new List<int>();
            for (var call = 0; call < 30; call++)
            {
                for (var other = 0; interleaved && other < call % 3; other++)
                {
                    using var _ = await t.GetAsync("https://api.securitycenter.microsoft.com/api/vulnerabilities?$top=1", token);
                }

                using var response = await t.GetAsync(Machines + "?$top=1", token);
                statuses.Add((int)response.StatusCode);
            }

            return statuses;
        }

        var alone = await MachineStatusesAsync(interleaved: false);
        var interleaved = await MachineStatusesAsync(interleaved: true);

        Assert.Equal(alone, interleaved);
        Assert.Contains(503, alone);
    }

    [Fact]
    public async Task The_plan_counts_the_faults_it_gave_by_kind()
    {
        using var t = TestTenant.Generated();
        var token = await t.TokenAsync(TestTenant.Defender);
        t.Tenant.Faults.WithProbability(FakeEndpoint.Machines, 0.3, Fault.ServerError(503)).OnCall(FakeEndpoint.Machines, 2, Fault.Forbidden());
        var statuses = new List<int>();
        for (var call = 0; call < 20; call++)
        {
            using var response = await t.GetAsync(Machines + "?$top=1", token);
            statuses.Add((int)response.StatusCode);
        }

        var given = t.Tenant.Faults.Given();
        Assert.Equal(statuses.Count(s => s == 503), given[FaultKind.ServerError]);
        Assert.Equal(1, given[FaultKind.Forbidden]);
    }
}
