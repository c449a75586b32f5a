using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Devices;
using Chariot.Capabilities.Defender.Http;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Defender.Sync;
using Chariot.Capabilities.Models;
using Chariot.Capabilities.Reporting;
using Microsoft.Extensions.Logging;

namespace Chariot.Capabilities.Defender.Vulnerabilities;

/// <summary>How many machines a sync asks for their current CVEs (50 calls a minute, so 500 take about 11 minutes).</summary>
/// <param name="MachinesPerSync">The most machines checked per sync; the fixes beyond wait in the checkpoint.</param>
/// <param name="MaxPending">The most fixes kept waiting; past it the oldest are dropped (logged).</param>
internal sealed record VulnerabilityCheckLimits(int MachinesPerSync = 500, int MaxPending = 20_000);

/// <summary>What the fix checks of one sync leave for the next: the fixes still to check, and those decided.</summary>
internal sealed record FixCheckOutcome(IReadOnlyList<PendingFix> Pending, IReadOnlyList<DecidedFix> Decided);

/// <summary>
/// Sends a fix as remediated only once every machine of its host no longer lists the CVE: the change listing holds only
/// the rows that changed, and the same CVE can stay through software that did not, or on another machine with the same
/// host name. Fixes are checked oldest first, at most <see cref="VulnerabilityCheckLimits.MachinesPerSync"/> machines a
/// sync; the rest, and those whose machine could not answer, wait in the checkpoint for the next sync. A machine
/// Defender no longer knows (404, and absent from this run's device listing) has nothing left open.
/// </summary>
internal sealed partial class FixChecks(DefenderClients clients, ODataPager pager, VulnerabilityCheckLimits limits, TimeProvider time, ILogger<FixChecks> logger)
{
    /// <summary>The summary stream of the machine checks.</summary>
    public const string Stream = SyncTally.FixChecks;

    /// <summary>After this many machines in a row could not answer, the rest of the sync's fixes wait without asking.</summary>
    public const int FailuresBeforePause = 3;

    public async Task<FixCheckOutcome> RunAsync(
        IReadOnlyList<FixCandidate> listed,
        IReadOnlySet<string> openNow,
        VulnerabilityCheckpoint? previous,
        DeviceDirectory devices,
        JobContext context,
        StreamOutput output,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var decidedBefore = (previous?.Decided ?? []).Where(d => d?.Risk is not null).Select(d => (d.Risk, d.FixedAt)).ToHashSet();
        var byKey = new Dictionary<string, FixCandidate>(StringComparer.Ordinal);
        int expired = 0, damaged = 0;
        var counters = output.Counters;
        foreach (var waiting in previous?.Pending ?? [])
        {
            // A fix the last sync left waiting is a record this sync takes in, and accounts for like a listed one.
            counters.AddReceived();
            if (waiting is null || !waiting.IsComplete)
            {
                damaged++;
                continue;
            }

            var candidate = FromPending(waiting, now);
            if (openNow.Contains(candidate.Risk.Key))
            {
                counters.AddSkipped(SkipReasons.FixReopened);
                continue;
            }

            if (now - candidate.WaitingSince > SyncTuning.ChangesKept)
            {
                expired++;
                continue;
            }

            byKey[candidate.Risk.Key] = candidate;
        }

        foreach (var candidate in listed)
        {
            if (candidate.FixedAt is { } at && decidedBefore.Contains((candidate.Risk.Key, at)))
            {
                counters.AddSkipped(SkipReasons.FixAlreadyDecided);
                continue;
            }

            if (byKey.TryGetValue(candidate.Risk.Key, out var known))
            {
                counters.AddSkipped(SkipReasons.SameRiskChange);
                byKey[candidate.Risk.Key] = Merge(known, candidate);
            }
            else
            {
                byKey[candidate.Risk.Key] = candidate;
            }
        }

        var machines = new Dictionary<string, MachineCves>(StringComparer.OrdinalIgnoreCase);
        var pending = new List<FixCandidate>();
        var decided = new List<DecidedFix>();
        int remediated = 0, stillOpen = 0, unverifiable = 0, failuresInARow = 0;
        var ordered = byKey.Values
            .OrderBy(c => c.FixedAt ?? DateTimeOffset.MinValue)
            .ThenBy(c => c.Risk.Key, StringComparer.Ordinal);
        foreach (var candidate in ordered)
        {
            var ids = candidate.DeviceIds.Concat(devices.MachinesOf(candidate.Risk.Dns))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Order(StringComparer.OrdinalIgnoreCase)
                .ToList();
            if (ids.Count == 0 || ids.Count > limits.MachinesPerSync)
            {
                // No machine to ask, or more machines on the host than a sync may ask: it can never be checked.
                unverifiable++;
                continue;
            }

            if (failuresInARow >= FailuresBeforePause || machines.Count + ids.Count(id => !machines.ContainsKey(id)) > limits.MachinesPerSync)
            {
                pending.Add(candidate with { WaitingSince = candidate.WaitingSince ?? now });
                continue;
            }

            var answers = new List<MachineCves>(ids.Count);
            foreach (var id in ids)
            {
                if (!machines.TryGetValue(id, out var answer))
                {
                    answer = await AskAsync(id, devices, context.Summary.Stream(Stream), cancellationToken);
                    machines[id] = answer;
                    failuresInARow = answer.Unknown ? failuresInARow + 1 : 0;
                }

                answers.Add(answer);
            }

            if (answers.Exists(a => a.Unknown))
            {
                pending.Add(candidate with { WaitingSince = candidate.WaitingSince ?? now });
                continue;
            }

            if (answers.TrueForAll(a => a.Cves is null || !a.Cves.Contains(candidate.Cve)))
            {
                remediated++;
                await output.SendAsync(candidate.Risk, cancellationToken);
            }
            else
            {
                stillOpen++;
                counters.AddSkipped(SkipReasons.FixStillListed);
            }

            if (candidate.FixedAt is { } at)
            {
                decided.Add(new DecidedFix(candidate.Risk.Key, at));
            }
        }

        if (failuresInARow >= FailuresBeforePause)
        {
            LogPaused(FailuresBeforePause);
        }

        var dropped = Math.Max(0, pending.Count - limits.MaxPending);
        var kept = pending.Skip(dropped).Select(ToPending).ToList();
        if (byKey.Count > 0)
        {
            LogFixes(remediated, stillOpen, kept.Count, machines.Count);
        }

        var givenUp = expired + dropped + unverifiable + damaged;
        counters.AddSkipped(SkipReasons.FixWaiting, kept.Count);
        counters.AddSkipped(SkipReasons.FixGivenUp, givenUp);
        if (givenUp > 0)
        {
            LogGivenUp(expired, dropped, unverifiable, damaged);
            context.Summary.AddNote(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{givenUp} fixed vulnerabilities were given up unchecked (see the warning); their risks stay open until Chariot's time to live ends."));
        }

        if (kept.Count > 0)
        {
            context.Summary.AddNote(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{kept.Count} fixed vulnerabilities wait for the next sync to be checked ({limits.MachinesPerSync} machines are asked per sync)."));
        }

        if (machines.Count > 0)
        {
            context.Summary.Stream(Stream).EnsureBalanced();
        }

        // VulnerabilityPlan.Next prunes them (nulls, and those the next listing cannot show again) when it saves them.
        return new FixCheckOutcome(kept, [.. (previous?.Decided ?? []).Concat(decided).Distinct()]);
    }

    // Entries of an answer that could not be read: an answer with one is not taken as the machine's whole list.
    private static long Bad(StreamCounters counters) =>
        counters.SkippedFor(SkipReasons.Unreadable) + counters.SkippedFor(SkipReasons.Unmappable);

    // The CVEs a machine lists now; null CVEs when Defender no longer knows it; Unknown when it could not tell.
    private async Task<MachineCves> AskAsync(string machineId, DeviceDirectory devices, StreamCounters counters, CancellationToken cancellationToken)
    {
        var notFound = false;
        var cves = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var badBefore = Bad(counters);
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
            LogUnanswered(machineId, e.GetType().Name);
            return MachineCves.CouldNotTell;
        }

        if (notFound)
        {
            // Gone from Defender, and from this run's device listing too: nothing is open on it any more.
            return devices.HostOf(machineId) is null ? MachineCves.Gone : MachineCves.CouldNotTell;
        }

        // An entry that could not be read might have been the CVE: no decision on this machine.
        return Bad(counters) > badBefore ? MachineCves.CouldNotTell : new MachineCves(cves, Unknown: false);
    }

    private static FixCandidate Merge(FixCandidate known, FixCandidate listed) => listed with
    {
        DeviceIds = known.DeviceIds.Concat(listed.DeviceIds).ToHashSet(StringComparer.OrdinalIgnoreCase),
        FixedAt = known.FixedAt is { } a && listed.FixedAt is { } b ? (a > b ? a : b) : null,
        WaitingSince = known.WaitingSince,
    };

    private static FixCandidate FromPending(PendingFix fix, DateTimeOffset now) => new(
        new Risk(fix.Host, fix.Cve, new RiskStatus(RiskState.Remediated, Severities.FromLetter(fix.Severity) ?? Severity.Info)),
        fix.Cve,
        fix.Machines.Where(m => !string.IsNullOrWhiteSpace(m)).ToHashSet(StringComparer.OrdinalIgnoreCase),
        fix.FixedAt,
        fix.WaitingSince ?? now);

    private static PendingFix ToPending(FixCandidate candidate) =>
        new(candidate.Risk.Dns, candidate.Cve, candidate.Risk.Status.Severity.Letter(), [.. candidate.DeviceIds.Order(StringComparer.OrdinalIgnoreCase)], candidate.FixedAt, candidate.WaitingSince);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fixed vulnerabilities: {Remediated} remediated, {StillOpen} still on a machine of the host, {Pending} left for the next sync ({Machines} machines asked)")]
    private partial void LogFixes(int remediated, int stillOpen, int pending, int machines);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fixed vulnerabilities given up unchecked: {Expired} waited past 14 days, {Dropped} past the waiting limit, {Unverifiable} have no machine to ask or more machines on their host than a sync may ask, {Damaged} were unreadable in the checkpoint")]
    private partial void LogGivenUp(int expired, int dropped, int unverifiable, int damaged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} machines in a row could not say their vulnerabilities: the remaining fixes wait for the next sync")]
    private partial void LogPaused(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Machine {Machine} could not say its vulnerabilities ({Error}); its fixes wait for the next sync")]
    private partial void LogUnanswered(string machine, string error);

    private sealed record MachineCves(HashSet<string>? Cves, bool Unknown)
    {
        public static readonly MachineCves Gone = new(null, false);

        public static readonly MachineCves CouldNotTell = new(null, true);
    }
}
