using System.Net.Http.Headers;
using System.Text.Json;
using Chariot.Capabilities.Defender.Testing.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace Chariot.Capabilities.Defender.Testing.Tests.Support;

/// <summary>A tenant on a fake clock with an HttpClient wired to it in process, and helpers to get tokens.</summary>
internal sealed class TestTenant : IDisposable
{
    public const string Graph = "https://graph.microsoft.com";
    public const string Defender = "https://api.securitycenter.microsoft.com";
    public const string TokenUrl = "https://login.microsoftonline.com/b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c/oauth2/v2.0/token";

    private TestTenant(FakeDefenderTenant tenant, FakeTimeProvider clock)
    {
        Tenant = tenant;
        Clock = clock;
        Client = new HttpClient(tenant.CreateHandler());
    }

    public FakeDefenderTenant Tenant { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Client { get; }

    public static FakeTimeProvider NewClock() => new(new DateTimeOffset(2024, 7, 31, 12, 0, 0, TimeSpan.Zero));

    public static TestTenant Generated(FakeTenantSize? size = null, FakeRateLimits? limits = null, IReadOnlyList<FakeApp>? apps = null, GraphAlertsBehaviour? graphAlerts = null, int? defenderPageLimit = null, int? requestLogCapacity = null, bool deviceLifecycle = false, int exportRowsPerFile = 100_000)
    {
        var clock = NewClock();
        var options = new FakeDefenderTenantOptions
        {
            TimeProvider = clock,
            Size = size ?? FakeTenantSize.Small,
            RateLimits = limits ?? FakeRateLimits.Off,
            Apps = apps ?? new FakeDefenderTenantOptions().Apps,
            GraphAlerts = graphAlerts ?? GraphAlertsBehaviour.Documented,
            DefenderPageLimit = defenderPageLimit,
            RequestLogCapacity = requestLogCapacity,
            DeviceLifecycle = deviceLifecycle,
            ExportRowsPerFile = exportRowsPerFile,
        };
        return new TestTenant(new FakeDefenderTenant(options), clock);
    }

    public static TestTenant Documented(FakeRateLimits? limits = null)
    {
        var clock = NewClock();
        return new TestTenant(FakeDefenderTenant.FromDocumentedExamples(new FakeDefenderTenantOptions { TimeProvider = clock, RateLimits = limits ?? FakeRateLimits.Off }), clock);
    }

    public static FormUrlEncodedContent TokenForm(string scope, string? clientId = null, string? secret = null) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = clientId ?? FakeDefenderTenantOptions.DefaultClientId,
        ["client_secret"] = secret ?? FakeDefenderTenantOptions.DefaultClientSecret,
        ["scope"] = scope,
    });

    public async Task<string> TokenAsync(string resource, string? clientId = null, string? secret = null)
    {
        using var response = await Client.PostAsync(TokenUrl, TokenForm(resource + "/.default", clientId, secret));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    public async Task<HttpResponseMessage> GetAsync(string url, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Client.SendAsync(request);
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> GetJsonAsync(string url, string? token)
    {
        var response = await GetAsync(url, token);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Follows nextLink verbatim until it is absent, collecting every page's values.</summary>
    public async Task<(List<JsonElement> Items, int Pages)> FollowAllAsync(string url, string token)
    {
        var items = new List<JsonElement>();
        var pages = 0;
        string? next = url;
        while (next is not null)
        {
            var (response, body) = await GetJsonAsync(next, token);
            Assert.Equal(200, (int)response.StatusCode);
            items.AddRange(body.GetProperty("value").EnumerateArray());
            pages++;
            next = body.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
        }

        return (items, pages);
    }

    public void Dispose() => Client.Dispose();
}
