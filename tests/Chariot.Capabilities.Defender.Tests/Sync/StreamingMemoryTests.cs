using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Defender.Sync;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Throttling;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Reporting;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Chariot.Capabilities.Defender.Tests.Sync;

/// <summary>Memory is measured process-wide: nothing else may run beside these tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "measured alone";
}

[Collection(MeasuredAlone.Name)]
public sealed class StreamingMemoryTests(ITestOutputHelper output)
{
    private const int Rows = 1_000_000;
    private const long MaxLiveGrowth = 48L * 1024 * 1024;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_million_vulnerability_rows_stream_through_in_bounded_memory()
    {
        var harness = new DefenderHarness(time => new FakeDefenderTenantOptions
        {
            TimeProvider = time,
            Size = new FakeTenantSize(Devices: 1_000, Alerts: 0, VulnerabilityRows: Rows, CveCatalogue: 500),
            RateLimits = FakeRateLimits.Off,
        });
        await using var provider = harness.BuildProvider(harness.Job());
        var pager = provider.GetRequiredService<ODataPager>();
        var listing = provider.GetRequiredService<DefenderClients>().VulnerabilitiesByMachine();
        var counters = new RunSummary().Stream("vulnerabilities");

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0, rows = 0, withCve = 0;
        await foreach (var row in pager.ReadAsync(listing, DefenderJson.Default.VulnerabilityRow, counters, CancellationToken.None))
        {
            withCve += row.CveId is null ? 0 : 1;
            if (++rows % 100_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        output.WriteLine($"{rows:N0} rows ({withCve:N0} with a CVE) in {harness.Tenant.Requests.To(FakeEndpoint.SoftwareVulnerabilitiesByMachine).Count} pages; live managed memory peaked {peak / 1024.0 / 1024.0:F1} MB above the baseline");
        Assert.Equal(Rows, rows);
        Assert.Equal(Rows, counters.Received);
        Assert.True(peak < MaxLiveGrowth, $"live memory grew {peak:N0} bytes while streaming");
    }
}
