using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Reporting;
using Microsoft.Extensions.Logging.Testing;

namespace Chariot.Capabilities.Defender.Tests.Paging;

/// <summary>The machines listing read through a real <see cref="ODataPager"/>, with the logger and counters it reports to.</summary>
internal sealed class PagerProbe
{
    public static readonly ApiEndpoint Machines = new("machines", "Machine.Read.All", "WindowsDefenderATP", new Uri("https://api.securitycenter.microsoft.com"));

    public FakeLogger<ODataPager> Logger { get; } = new();

    public StreamCounters Counters { get; } = new RunSummary().Stream("devices");

    /// <summary>Every machine the listing gives, following its pages.</summary>
    public async Task<List<Machine>> ReadAllAsync(PagedCall call)
    {
        var machines = new List<Machine>();
        await foreach (var machine in new ODataPager(Logger, TimeProvider.System, new SyncOptions()).ReadAsync(call, DefenderJson.Default.Machine, Counters, CancellationToken.None))
        {
            machines.Add(machine);
        }

        return machines;
    }
}
