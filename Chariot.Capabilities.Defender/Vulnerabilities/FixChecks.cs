using System.Globalization;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Devices;
using Chariot.Capabilities.Defender.Http;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Defender.Sync;
using Microsoft.Extensions.Logging;

namespace Chariot.Capabilities.Defender.Vulnerabilities;

/// <summary>
/// Sends a fix as remediated only once every machine of its host no longer lists the CVE: the change listing holds only
/// the rows that changed, and the same CVE can stay through software that did not, or on another machine with the same
/// host name. The ledger's fixes are checked oldest first, at most <see cref="SyncOptions.MachinesPerSync"/>
/// machines a sync (<see cref="MachineProbe"/> asks them); the rest, and those whose machine could not answer, wait in
/// the ledger for the next sync.
/// </summary>
internal sealed partial class FixChecks(DefenderClients clients, ODataPager pager, SyncOptions limits, ILogger<FixChecks> logger)
{
    /// <summary>The summary stream of the machine checks.</summary>
    public const string Stream = SyncTally.FixChecks;

    /// <summary>Checks the ledger's due fixes, sends those remediated, and closes the ledger for the next checkpoint.</summary>
    public async Task RunAsync(FixLedger fixes, DeviceDirectory devices, JobContext context, StreamOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fixes);
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        var probe = new MachineProbe(clients, pager, devices, context.Summary.Stream(Stream), limits.MachinesPerSync, logger);
        int remediated = 0, stillOpen = 0;
        foreach (var fix in fixes.Due())
        {
            var machines = fix.DeviceIds.Concat(devices.MachinesOf(fix.Risk.Dns))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Order(StringComparer.OrdinalIgnoreCase)
                .ToList();
            if (machines.Count == 0 || machines.Count > limits.MachinesPerSync)
            {
                // No machine to ask, or more machines on the host than a sync may ask: it can never be checked.
                fixes.GiveUp();
                continue;
            }

            var verdict = probe.CanAsk(machines) ? await probe.CheckAsync(fix.Cve, machines, cancellationToken) : FixVerdict.Wait;
            switch (verdict)
            {
                case FixVerdict.Wait:
                    fixes.Wait(fix);
                    continue;
                case FixVerdict.Remediated:
                    remediated++;
                    await output.SendAsync(fix.Risk, cancellationToken);
                    break;
                default:
                    stillOpen++;
                    output.Counters.AddSkipped(SkipReasons.FixStillListed);
                    break;
            }

            fixes.Decide(fix);
        }

        if (probe.Paused)
        {
            LogPaused(MachineProbe.FailuresBeforePause);
        }

        fixes.Close(limits.MaxPending);
        Report(fixes, remediated, stillOpen, probe.Asked, context, output);
    }

    private void Report(FixLedger fixes, int remediated, int stillOpen, int asked, JobContext context, StreamOutput output)
    {
        var waiting = fixes.Pending?.Count ?? 0;
        if (fixes.HasFixes)
        {
            LogFixes(remediated, stillOpen, waiting, asked);
        }

        output.Counters.AddSkipped(SkipReasons.FixWaiting, waiting);
        output.Counters.AddSkipped(SkipReasons.FixGivenUp, fixes.GivenUp);
        if (fixes.GivenUp > 0)
        {
            LogGivenUp(fixes.Expired, fixes.Dropped, fixes.Unverifiable, fixes.Damaged);
            context.Summary.AddNote(string.Create(CultureInfo.InvariantCulture,
                $"{fixes.GivenUp} fixed vulnerabilities were given up unchecked (see the warning); their risks stay open until Chariot's time to live ends."));
        }

        if (waiting > 0)
        {
            context.Summary.AddNote(string.Create(CultureInfo.InvariantCulture,
                $"{waiting} fixed vulnerabilities wait for the next sync to be checked ({limits.MachinesPerSync} machines are asked per sync)."));
        }

        if (asked > 0)
        {
            context.Summary.Stream(Stream).EnsureBalanced();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fixed vulnerabilities: {Remediated} remediated, {StillOpen} still on a machine of the host, {Pending} left for the next sync ({Machines} machines asked)")]
    private partial void LogFixes(int remediated, int stillOpen, int pending, int machines);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fixed vulnerabilities given up unchecked: {Expired} waited past 14 days, {Dropped} past the waiting limit, {Unverifiable} have no machine to ask or more machines on their host than a sync may ask, {Damaged} were unreadable in the checkpoint")]
    private partial void LogGivenUp(int expired, int dropped, int unverifiable, int damaged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} machines in a row could not say their vulnerabilities: the remaining fixes wait for the next sync")]
    private partial void LogPaused(int count);
}
