using System.Diagnostics;
using System.Text.Json;
using Chariot.Capabilities.Defender.Testing.Throttling;
using Chariot.Capabilities.Defender.Testing.Tests.Support;
using Xunit.Abstractions;

namespace Chariot.Capabilities.Defender.Testing.Tests;

/// <summary>Memory is measured process-wide: nothing else may run beside these tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "measured alone";
}

[Collection(MeasuredAlone.Name)]
public sealed class BoundedMemoryTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task One_million_vulnerability_rows_stream_through_five_pages_with_bounded_memory()
    {
        const long rows = 1_000_000;
        using var t = TestTenant.Generated(new FakeTenantSize(10_000, 0, rows, 2_000), FakeRateLimits.Off);
        var token = await t.TokenAsync(TestTenant.Defender);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        var bytes = 0L;
        var pages = 0;
        var stopwatch = Stopwatch.StartNew();
        var buffer = new byte[64 * 1024];
        string? next = "https://api.securitycenter.microsoft.com/api/machines/SoftwareVulnerabilitiesByMachine?pageSize=200000";
        while (next is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Authorization = new("Bearer", token);
            using var response = await t.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            var tail = new List<byte>();
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                bytes += read;
                // Keep only the end of the page: the nextLink comes last.
                tail.AddRange(buffer.AsSpan(0, read).ToArray());
                if (tail.Count > 4096)
                {
                    tail.RemoveRange(0, tail.Count - 4096);
                }

                if ((bytes / read) % 256 == 0)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                }
            }

            pages++;
            var text = System.Text.Encoding.UTF8.GetString([.. tail]);
            var marker = text.LastIndexOf("\"@odata.nextLink\":", StringComparison.Ordinal);
            next = marker < 0 ? null : JsonDocument.Parse("{" + text[marker..]).RootElement.GetProperty("@odata.nextLink").GetString();
        }

        var retained = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        output.WriteLine($"{rows:N0} rows, {pages} pages, {bytes / 1_000_000.0:N0} MB of JSON in {stopwatch.Elapsed.TotalSeconds:N1} s; " +
            $"managed heap peak above baseline {(peak - baseline) / 1_000_000.0:N1} MB, retained after {retained / 1_000_000.0:N1} MB");

        Assert.Equal(5, pages);
        Assert.True(bytes > 500_000_000, $"only {bytes} bytes streamed");
        Assert.True(peak - baseline < 64_000_000, $"heap grew {peak - baseline} bytes while streaming");
        Assert.True(retained < 8_000_000, $"{retained} bytes retained after streaming");
    }
}
