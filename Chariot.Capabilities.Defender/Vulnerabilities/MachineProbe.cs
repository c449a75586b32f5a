using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Devices;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Defender.Sync;
using Chariot.Capabilities.Reporting;
using Microsoft.Extensions.Logging;

namespace Chariot.Capabilities.Defender.Vulnerabilities;

/// <summary>
/// Asks Defender which CVEs a machine lists now, each machine once a sync and at most as many as a sync may ask, and
/// stops asking after <see cref="FailuresBeforePause"/> machines in a row could not answer. It only asks and answers:
/// what a verdict means for the checkpoint is the ledger's, what is sent the sync's. A machine Defender no longer knows
/// (404, and absent from this run's device listing) has nothing left open.
/// </summary>
internal sealed partial class MachineProbe(
    DefenderClients clients, ODataPager pager, DeviceDirectory devices, StreamCounters counters, int machinesPerSync, ILogger logger)
{
    /// <summary>After this many machines in a row could not answer, the rest of the sync's fixes wait without asking.</summary>
    public const int FailuresBeforePause = 3;

    private readonly Dictionary<string, MachineCves> _answers = new(StringComparer.OrdinalIgnoreCase);
    private int _failuresInARow;

    /// <summary>How many machines were asked.</summary>
    public int Asked => _answers.Count;

    /// <summary>Whether too many machines in a row could not answer: no more are asked in this sync.</summary>
    public bool Paused => _failuresInARow >= FailuresBeforePause;

    /// <summary>Whether these machines may be asked: not paused, and within the machines a sync may ask (those asked already are free).</summary>
    public bool CanAsk(IReadOnlyList<string> machines) =>
        !Paused && Asked + machines.Count(id => !_answers.ContainsKey(id)) <= machinesPerSync;

    /// <summary>Asks each machine (once a sync) whether it still lists <paramref name="cve"/>.</summary>
    public async Task<FixVerdict> CheckAsync(string cve, IReadOnlyList<string> machines, CancellationToken cancellationToken)
    {
        var answers = new List<MachineCves>(machines.Count);
        foreach (var id in machines)
        {
            if (!_answers.TryGetValue(id, out var answer))
            {
                answer = await AskAsync(id, cancellationToken);
                _answers[id] = answer;
                _failuresInARow = answer.Unknown ? _failuresInARow + 1 : 0;
            }

            answers.Add(answer);
        }

        return answers.Exists(a => a.Unknown) ? FixVerdict.Wait
            : answers.TrueForAll(a => a.Cves is null || !a.Cves.Contains(cve)) ? FixVerdict.Remediated
            : FixVerdict.StillListed;
    }

    // Entries of an answer that could not be read: an answer with one is not taken as the machine's whole list.
    private long Bad() => counters.SkippedFor(SkipReasons.Unreadable) + counters.SkippedFor(SkipReasons.Unmappable);

    // The CVEs a machine lists now; null CVEs when Defender no longer knows it; Unknown when it could not tell.
    private async Task<MachineCves> AskAsync(string machineId, CancellationToken cancellationToken)
    {
        var notFound = false;
        var cves = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var badBefore = Bad();
        try
        {
            var call = clients.MachineVulnerabilities(machineId, () => notFound = true);
            await foreach (var entry in pager.ReadAsync(call, DefenderJson.Default.MachineCve, counters, cancellationToken))
            {
                if (string.IsNullOrWhiteSpace(entry.Id))
                {
                    counters.AddSkipped(SkipReasons.Unmappable);
                    continue;
                }

                counters.AddSkipped(SkipReasons.FixAnswer);
                cves.Add(entry.Id.Trim());
            }
        }
        catch (Exception e) when (e is CapabilityException { Failure: CapabilityFailure.Vendor }
            or HttpRequestException or IOException or System.Text.Json.JsonException or Polly.Timeout.TimeoutRejectedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The machine's answer failed after the retries (not a permission problem, which fails the job): it waits.
            LogUnanswered(logger, machineId, e.GetType().Name);
            return MachineCves.CouldNotTell;
        }

        if (notFound)
        {
            // Gone from Defender, and from this run's device listing too: nothing is open on it any more.
            return devices.HostOf(machineId) is null ? MachineCves.Gone : MachineCves.CouldNotTell;
        }

        // An entry that could not be read might have been the CVE: no decision on this machine.
        return Bad() > badBefore ? MachineCves.CouldNotTell : new MachineCves(cves, Unknown: false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Machine {Machine} could not say its vulnerabilities ({Error}); its fixes wait for the next sync")]
    private static partial void LogUnanswered(ILogger logger, string machine, string error);

    private sealed record MachineCves(HashSet<string>? Cves, bool Unknown)
    {
        public static readonly MachineCves Gone = new(null, false);

        public static readonly MachineCves CouldNotTell = new(null, true);
    }
}
