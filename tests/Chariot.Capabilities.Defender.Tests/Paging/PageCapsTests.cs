using System.Text;
using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Http;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Defender.Sync;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Defender.Tests.Sync;
using Chariot.Capabilities.Reporting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace Chariot.Capabilities.Defender.Tests.Paging;

/// <summary>
/// Issue 11.3: hostile pages cost bounded memory and linear time. Allocation is measured process-wide, so these run
/// alone.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class PageCapsTests(ITestOutputHelper output)
{
    private const int MB = 1024 * 1024;

    private static readonly ApiEndpoint Machines = new("machines", "Machine.Read.All", "WindowsDefenderATP", new Uri("https://api.securitycenter.microsoft.com"));

    private readonly FakeLogger<ODataPager> _logger = new();
    private readonly StreamCounters _counters = new RunSummary().Stream("devices");

    private static ReadOnlyMemory<byte> Text(string text) => Encoding.UTF8.GetBytes(text);

    private static PagedCall Answering(GeneratedBody body) =>
        new(Machines, _ => Task.FromResult(body.Response()), (_, _) => throw new InvalidOperationException("one page only"));

    private async Task<(List<Machine> Machines, Exception? Failure, long Allocated)> ReadAll(PagedCall call)
    {
        var machines = new List<Machine>();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        Exception? failure = null;
        try
        {
            await foreach (var machine in new ODataPager(_logger, TimeProvider.System, new SyncOptions()).ReadAsync(call, DefenderJson.Default.Machine, _counters, CancellationToken.None))
            {
                machines.Add(machine);
            }
        }
        catch (CapabilityException e)
        {
            failure = e;
        }

        return (machines, failure, GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    // {"value":[{"id":"m1",...},{"id":"m2","computerDnsName":"xxx..."},{"id":"m3",...}]} with the middle field of the given size.
    private static GeneratedBody PageWithField(long fieldBytes) => new(
    [
        Text("{\"value\":[{\"id\":\"m1\",\"computerDnsName\":\"a.contoso.com\"},{\"id\":\"m2\",\"computerDnsName\":\""),
        .. GeneratedBody.Repeat((byte)'x', fieldBytes),
        Text("\",\"osPlatform\":\"Windows10\"},{\"id\":\"m3\",\"computerDnsName\":\"c.contoso.com\"}]}"),
    ]);

    private string LoggedProblem() => Assert.Single(_logger.Collector.GetSnapshot(), l => l.Message.StartsWith("Skipped an unreadable", StringComparison.Ordinal)).Message;

    [Fact]
    public async Task A_50_MB_string_field_skips_its_record_unread_without_allocating_for_it_and_the_next_records_flow()
    {
        // Issue 11.3: one 50 MB string field needed 560 MB.
        var (machines, failure, allocated) = await ReadAll(Answering(PageWithField(50L * MB)));

        output.WriteLine($"allocated {allocated / (double)MB:F1} MB reading a page with a 50 MB field");
        Assert.Null(failure);
        Assert.Equal(["m1", "m3"], machines.Select(m => m.Id));
        Assert.Equal((3, 1), (_counters.Received, _counters.Skipped));
        Assert.Contains($"the record is larger than {PageLimits.MaxRecordBytes / MB} MB", LoggedProblem(), StringComparison.Ordinal);
        Assert.True(allocated < 48L * MB, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task A_string_field_over_the_field_cap_skips_its_record_naming_the_field()
    {
        var (machines, failure, _) = await ReadAll(Answering(PageWithField(PageLimits.MaxFieldBytes + 1)));

        Assert.Null(failure);
        Assert.Equal(["m1", "m3"], machines.Select(m => m.Id));
        Assert.Equal((3, 1), (_counters.Received, _counters.Skipped));
        Assert.Contains($"its \"computerDnsName\" field is longer than {PageLimits.MaxFieldBytes / MB} MB", LoggedProblem(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_under_the_caps_is_read_whole()
    {
        var (machines, failure, _) = await ReadAll(Answering(PageWithField(PageLimits.MaxFieldBytes - 100)));

        Assert.Null(failure);
        Assert.Equal(["m1", "m2", "m3"], machines.Select(m => m.Id));
        Assert.Equal(PageLimits.MaxFieldBytes - 100, machines[1].ComputerDnsName!.Length);
    }

    [Fact]
    public async Task An_endless_page_of_distinct_devices_stops_at_the_machines_page_cap_with_bounded_memory()
    {
        // Issue 11.3: an endless page of distinct devices reached 1.5 GB. The generated page ends after 10 times the cap,
        // so without one the test fails instead of running forever.
        var harness = DefenderHarness.Documented();
        await using var provider = harness.BuildProvider(harness.Job());
        var listing = provider.GetRequiredService<DefenderClients>().Machines(filter: null, ApiEndpoints.Machines.PageSize);
        var cap = listing.MaxPageItems;
        var body = new GeneratedBody(DistinctDevices(10 * cap));

        var (machines, failure, allocated) = await ReadAll(listing with { First = _ => Task.FromResult(body.Response()) });

        output.WriteLine($"{machines.Count:N0} devices read, {body.Served / (double)MB:F1} MB served, {allocated / (double)MB:F1} MB allocated");
        Assert.Equal(2 * ApiEndpoints.Machines.PageSize, cap);
        var error = Assert.IsType<CapabilityException>(failure);
        Assert.Equal(CapabilityFailure.Vendor, error.Failure);
        Assert.Contains($"The machines listing's page 1 has more than {cap:N0} records, the cap on a page of this listing", error.Message, StringComparison.Ordinal);
        Assert.Contains("no checkpoint moved past it", error.Message, StringComparison.Ordinal);
        Assert.Equal(cap, machines.Count);
        Assert.True(body.Served < (cap + 2_000) * 64L, $"{body.Served:N0} bytes served");
        Assert.True(allocated < 64L * MB, $"allocated {allocated:N0} bytes");
    }

    private static IEnumerable<ReadOnlyMemory<byte>> DistinctDevices(int count)
    {
        yield return Text("""{"value":[""");
        for (var i = 0; i < count; i++)
        {
            yield return Text($$"""{{(i == 0 ? "" : ",")}}{"id":"m{{i}}","computerDnsName":"host{{i}}.contoso.com"}""");
        }

        yield return Text("]}");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_page_longer_than_the_byte_cap_stops_however_little_it_holds()
    {
        // Whitespace costs no memory, but a page that never ends must still end: 1.25 GiB of it is cut at the cap.
        var body = new GeneratedBody([Text("""{"value":["""), .. GeneratedBody.Repeat((byte)' ', PageLimits.MaxPageBytes + (PageLimits.MaxPageBytes / 4)), Text("]}")]);

        var (_, failure, _) = await ReadAll(Answering(body));

        var error = Assert.IsType<CapabilityException>(failure);
        Assert.Contains($"The machines listing's page 1 is larger than {PageLimits.MaxPageBytes / MB:N0} MB, the cap on a page", error.Message, StringComparison.Ordinal);
        Assert.True(body.Served <= PageLimits.MaxPageBytes + MB, $"{body.Served:N0} bytes served");
    }

    [Fact]
    public async Task A_value_outside_the_records_larger_than_the_record_cap_fails_the_page_before_it_is_held()
    {
        var body = new GeneratedBody([Text("{\"@odata.context\":\""), .. GeneratedBody.Repeat((byte)'x', 20L * MB), Text("\",\"value\":[{\"id\":\"m1\"}]}")]);

        var (machines, failure, allocated) = await ReadAll(Answering(body));

        var error = Assert.IsType<CapabilityException>(failure);
        Assert.Contains($"The machines listing's page 1 has a value outside its records larger than {PageLimits.MaxRecordBytes / MB} MB", error.Message, StringComparison.Ordinal);
        Assert.Empty(machines);
        Assert.True(body.Served < 2 * PageLimits.MaxRecordBytes + MB, $"{body.Served:N0} bytes served");
        Assert.True(allocated < 48L * MB, $"allocated {allocated:N0} bytes");
    }
}
