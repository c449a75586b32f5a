using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Throttling;

namespace Chariot.Benchmarks;

/// <summary>
/// Reading one SoftwareVulnerabilitiesByMachine page item by item (what the plugin does) against deserializing the
/// whole page at once (what a naive client does): the streaming reader keeps one item alive, the buffered one the page.
/// </summary>
[MemoryDiagnoser]
public class PageParsingBenchmarks
{
    private byte[] _page = [];

    [Params(10_000, 100_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        var tenant = new FakeDefenderTenant(new FakeDefenderTenantOptions
        {
            Size = new FakeTenantSize(Devices: 1_000, Alerts: 0, VulnerabilityRows: Rows, CveCatalogue: 200),
            RateLimits = FakeRateLimits.Off,
        });
        using var client = new HttpClient(tenant.CreateHandler());
        using var answer = await client.PostAsync(
            new Uri($"https://login.microsoftonline.com/{tenant.Options.TenantId}/oauth2/v2.0/token"),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["client_id"] = FakeDefenderTenantOptions.DefaultClientId,
                ["client_secret"] = FakeDefenderTenantOptions.DefaultClientSecret,
                ["scope"] = "https://api.securitycenter.microsoft.com/.default",
                ["grant_type"] = "client_credentials",
            }));
        using var tokenJson = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        var token = tokenJson.RootElement.GetProperty("access_token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://api.securitycenter.microsoft.com/api/machines/SoftwareVulnerabilitiesByMachine?pageSize={Rows}");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var page = await client.SendAsync(request);
        _page = await page.Content.ReadAsByteArrayAsync();
    }

    [Benchmark(Baseline = true)]
    public int Buffered() => JsonSerializer.Deserialize(_page, BenchmarkJson.Default.RowPage)!.Value.Count;

    [Benchmark]
    public int Streaming()
    {
        var parser = new ODataPageParser<VulnerabilityRow>(DefenderJson.Default.VulnerabilityRow);
        var items = new List<ParsedItem<VulnerabilityRow>>();
        var count = 0;
        const int chunk = 64 * 1024;
        var buffer = new byte[chunk * 4];
        int filled = 0, offset = 0;
        while (!parser.IsComplete)
        {
            var take = Math.Min(chunk, _page.Length - offset);
            _page.AsSpan(offset, take).CopyTo(buffer.AsSpan(filled));
            offset += take;
            filled += take;
            var consumed = parser.Parse(buffer.AsSpan(0, filled), offset == _page.Length, items);
            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;
            count += items.Count;
            items.Clear();
        }

        return count;
    }
}

/// <summary>A whole page, for the buffered baseline.</summary>
internal sealed record RowPage(IReadOnlyList<VulnerabilityRow> Value);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString)]
[System.Text.Json.Serialization.JsonSerializable(typeof(RowPage))]
internal sealed partial class BenchmarkJson : System.Text.Json.Serialization.JsonSerializerContext;
