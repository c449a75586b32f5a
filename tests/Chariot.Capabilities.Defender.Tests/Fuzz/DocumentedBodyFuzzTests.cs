using System.Net;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Reporting;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace Chariot.Capabilities.Defender.Tests.Fuzz;

/// <summary>
/// Issue 11: mutated versions of every documented body go through the pager and the sync's mapping. Nothing crashes; a
/// changed page either reads or fails its listing with a message naming it; a bad record is skipped with a logged
/// reason and counted; the records left as documented still flow. Deterministic: a failure names its seed and what was
/// mutated, and <see cref="One"/> replays a seed.
/// </summary>
public sealed class DocumentedBodyFuzzTests(ITestOutputHelper output)
{
    private const int Mutations = 400;

    [Fact]
    public Task Machines() => Fuzz(FuzzTargets.Machines(), firstSeed: 100_000);

    [Fact]
    public Task Alerts() => Fuzz(FuzzTargets.Alerts(), firstSeed: 200_000);

    [Fact]
    public Task Vulnerability_rows() => Fuzz(FuzzTargets.Rows(), firstSeed: 300_000);

    [Fact]
    public Task Cve_catalogue() => Fuzz(FuzzTargets.Catalogue(), firstSeed: 400_000);

    private async Task Fuzz<T>(FuzzTarget<T> target, int firstSeed)
    {
        var failures = new List<string>();
        var (skipped, pageFailures) = (0L, 0);
        for (var seed = firstSeed; seed < firstSeed + Mutations; seed++)
        {
            var page = PageMutator.Mutate(target.Page, seed);
            var outcome = await One(target, page);
            if (outcome.Problem is not null)
            {
                failures.Add($"{page.Description} -> {outcome.Problem}");
            }

            skipped += outcome.Skipped;
            pageFailures += outcome.PageFailed ? 1 : 0;
        }

        output.WriteLine($"{target.Name}: {Mutations} mutations, {skipped} records skipped, {pageFailures} pages refused");
        Assert.True(failures.Count == 0, $"{failures.Count} of {Mutations} mutations failed:\n" + string.Join("\n", failures.Take(15)));
    }

    /// <summary>What one mutated page did: a problem with it (null when it behaved), records skipped, whether it was refused.</summary>
    internal sealed record Outcome(string? Problem, long Skipped = 0, bool PageFailed = false);

    internal static async Task<Outcome> One<T>(FuzzTarget<T> target, MutatedPage page)
    {
        var logger = new FakeLogger<ODataPager>();
        var counters = new RunSummary().Stream(target.Name);
        var call = new PagedCall(target.Endpoint, _ => Answer(page.Body), (_, _) => Answer("""{"value":[]}"""u8.ToArray()));
        var given = new List<T>();
        try
        {
            await foreach (var item in new ODataPager(logger, TimeProvider.System, new SyncOptions()).ReadAsync(call, target.Type, counters, CancellationToken.None))
            {
                given.Add(item);
            }
        }
        catch (CapabilityException e) when (page.PageLevel)
        {
            return e.Message.StartsWith($"The {target.Endpoint.Name} listing", StringComparison.Ordinal)
                ? new Outcome(null, PageFailed: true)
                : new Outcome($"a page failure that does not name its listing: {e.Message}");
        }
        catch (Exception e)
        {
            return new Outcome($"{e.GetType().Name}: {e.Message}");
        }

        var unmapped = new List<string>();
        foreach (var item in given)
        {
            try
            {
                if (target.Map(item) is { } problem)
                {
                    unmapped.Add(string.IsNullOrWhiteSpace(problem) ? throw new InvalidOperationException("skipped without a reason") : target.Id(item) ?? "");
                }
            }
            catch (Exception e)
            {
                return new Outcome($"mapping {target.Id(item)} threw {e.GetType().Name}: {e.Message}");
            }
        }

        var reasons = logger.Collector.GetSnapshot().Count(l => l.Message.StartsWith($"Skipped an unreadable {target.Endpoint.Name} record on page 1: ", StringComparison.Ordinal) && l.Message.Length > 60);
        var skipped = counters.Skipped + unmapped.Count;
        return (page.PageLevel ? null : Check()) is { } failed ? new Outcome(failed) : new Outcome(null, skipped);

        string? Check()
        {
            if (counters.Received != FuzzTarget<T>.Records || given.Count + counters.Skipped != counters.Received)
            {
                return $"received {counters.Received}, given {given.Count}, skipped {counters.Skipped}";
            }

            if (reasons != counters.Skipped)
            {
                return $"{counters.Skipped} skipped but {reasons} reasons logged";
            }

            var flowing = given.Select(target.Id).Where(id => id is not null && !unmapped.Contains(id)).ToHashSet();
            var lost = target.UntouchedIds(page.Target).Where(id => !flowing.Contains(id)).ToList();
            return lost.Count > 0 ? $"records left as documented did not flow: {string.Join(", ", lost)}" : null;
        }
    }

    private static Task<HttpResponseMessage> Answer(byte[] body) =>
        Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) });
}
