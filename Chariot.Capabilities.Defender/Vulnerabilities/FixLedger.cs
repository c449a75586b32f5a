using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Sync;
using Chariot.Capabilities.Models;
using Chariot.Capabilities.Reporting;

namespace Chariot.Capabilities.Defender.Vulnerabilities;

/// <summary>
/// The fixed vulnerabilities from one checkpoint to the next, in one place. A change sync loads the fixes the last sync
/// left waiting and those it decided (once: a damaged entry, one waiting past the 14 days Microsoft keeps changes, and
/// one whose CVE this sync saw open again are not taken back), adds the fixes its listing shows (those decided before
/// are not checked twice, two of one risk are one), is told what each check decided, and gives what the next
/// checkpoint keeps. A full read carries the waiting and decided fixes over as they were.
/// </summary>
internal sealed class FixLedger
{
    private readonly Dictionary<string, FixCandidate> _due = new(StringComparer.Ordinal);
    private readonly HashSet<(string Risk, DateTimeOffset FixedAt)> _decidedBefore = [];
    private readonly List<DecidedFix> _newlyDecided = [];
    private readonly List<FixCandidate> _waiting = [];
    private readonly IReadOnlyList<DecidedFix?>? _decided;
    private readonly bool _carried;
    private readonly DateTimeOffset _now;

    private FixLedger(VulnerabilityCheckpoint? previous, DateTimeOffset now, bool carried)
    {
        _now = now;
        _carried = carried;
        _decided = previous?.Decided;

        // Carried over as saved; a change sync's fixes wait only once the checks are closed.
        Pending = carried ? previous?.Pending : [];
    }

    /// <summary>Fixes that waited longer than Microsoft keeps changes: given up.</summary>
    public int Expired { get; private set; }

    /// <summary>Waiting fixes the checkpoint held damaged: given up.</summary>
    public int Damaged { get; private set; }

    /// <summary>Fixes with no machine to ask, or more machines on their host than a sync may ask: given up.</summary>
    public int Unverifiable { get; private set; }

    /// <summary>The oldest waiting fixes past the most a checkpoint keeps: given up (known once <see cref="Close"/> ran).</summary>
    public int Dropped { get; private set; }

    /// <summary>Every fix given up unchecked.</summary>
    public int GivenUp => Expired + Dropped + Unverifiable + Damaged;

    /// <summary>Whether the sync had any fix to check.</summary>
    public bool HasFixes => _due.Count > 0;

    /// <summary>The fixes the next checkpoint keeps waiting: set by <see cref="Close"/>, or carried over as saved by a full read.</summary>
    public IReadOnlyList<PendingFix>? Pending { get; private set; }

    /// <summary>A full read's ledger: the last checkpoint's waiting and decided fixes go to the next one as they were.</summary>
    public static FixLedger Carry(VulnerabilityCheckpoint? previous) =>
        new(previous, default, carried: true);

    /// <summary>
    /// A change sync's ledger: the fixes the last sync left waiting (each a record received) and those it decided.
    /// </summary>
    /// <param name="previous">The checkpoint of the same tenant, if any.</param>
    /// <param name="now">The sync's clock.</param>
    /// <param name="openNow">The risks this sync's listing shows open: a waiting fix of one of them is void.</param>
    /// <param name="counters">The vulnerability stream's counters.</param>
    public static FixLedger Load(VulnerabilityCheckpoint? previous, DateTimeOffset now, IReadOnlySet<string> openNow, StreamCounters counters)
    {
        ArgumentNullException.ThrowIfNull(openNow);
        ArgumentNullException.ThrowIfNull(counters);
        var ledger = new FixLedger(previous, now, carried: false);
        foreach (var decided in previous?.Decided ?? [])
        {
            if (IsWhole(decided))
            {
                ledger._decidedBefore.Add((decided!.Risk, decided.FixedAt));
            }
        }

        foreach (var waiting in previous?.Pending ?? [])
        {
            // A fix the last sync left waiting is a record this sync takes in, and accounts for like a listed one.
            counters.AddReceived();
            if (waiting is null || !waiting.IsComplete)
            {
                ledger.Damaged++;
                continue;
            }

            var fix = FromPending(waiting, now);
            if (openNow.Contains(fix.Risk.Key))
            {
                counters.AddSkipped(SkipReasons.FixReopened);
            }
            else if (now - fix.WaitingSince > SyncTuning.ChangesKept)
            {
                ledger.Expired++;
            }
            else
            {
                ledger._due[fix.Risk.Key] = fix;
            }
        }

        return ledger;
    }

    /// <summary>Adds the fixes this sync's listing shows: one decided before on the same event is not checked again.</summary>
    public void Admit(IEnumerable<FixCandidate> listed, StreamCounters counters)
    {
        ArgumentNullException.ThrowIfNull(listed);
        ArgumentNullException.ThrowIfNull(counters);
        foreach (var fix in listed)
        {
            if (fix.FixedAt is { } at && _decidedBefore.Contains((fix.Risk.Key, at)))
            {
                counters.AddSkipped(SkipReasons.FixAlreadyDecided);
            }
            else if (_due.TryGetValue(fix.Risk.Key, out var known))
            {
                counters.AddSkipped(SkipReasons.SameRiskChange);
                _due[fix.Risk.Key] = Merge(known, fix);
            }
            else
            {
                _due[fix.Risk.Key] = fix;
            }
        }
    }

    /// <summary>The fixes to check, oldest fix first (unknown times first), then by risk key.</summary>
    public IEnumerable<FixCandidate> Due() => _due.Values
        .OrderBy(fix => fix.FixedAt ?? DateTimeOffset.MinValue)
        .ThenBy(fix => fix.Risk.Key, StringComparer.Ordinal);

    /// <summary>The fix could not be checked in this sync: it waits for the next one.</summary>
    public void Wait(FixCandidate fix)
    {
        ArgumentNullException.ThrowIfNull(fix);
        _waiting.Add(fix with { WaitingSince = fix.WaitingSince ?? _now });
    }

    /// <summary>The fix was decided (remediated, or still listed): an overlapping listing that shows it again is not checked.</summary>
    public void Decide(FixCandidate fix)
    {
        ArgumentNullException.ThrowIfNull(fix);
        if (fix.FixedAt is { } at)
        {
            _newlyDecided.Add(new DecidedFix(fix.Risk.Key, at));
        }
    }

    /// <summary>The fix can never be checked (no machine to ask, or too many): given up.</summary>
    public void GiveUp() => Unverifiable++;

    /// <summary>Ends the checks: the newest waiting fixes up to <paramref name="maxPending"/> stay, the oldest past it are dropped.</summary>
    public void Close(int maxPending)
    {
        Dropped = Math.Max(0, _waiting.Count - maxPending);
        Pending = [.. _waiting.Skip(Dropped).Select(ToPending)];
    }

    /// <summary>What the next checkpoint, starting at <paramref name="since"/>, keeps: the waiting fixes, and the decided ones its listing can show again.</summary>
    public VulnerabilityCheckpoint SaveInto(VulnerabilityCheckpoint next, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(next);
        var decided = _carried ? _decided : [.. (_decided ?? []).Concat(_newlyDecided).Distinct()];
        return next with
        {
            Pending = Pending,
            Decided = decided?.Where(d => IsWhole(d) && d!.FixedAt >= since).Select(d => d!).ToList(),
        };
    }

    // A decided entry read from a damaged checkpoint may be null, or lack its risk.
    private static bool IsWhole(DecidedFix? decided) => decided?.Risk is not null;

    private static FixCandidate Merge(FixCandidate known, FixCandidate listed) => listed with
    {
        DeviceIds = known.DeviceIds.Concat(listed.DeviceIds).ToHashSet(StringComparer.OrdinalIgnoreCase),
        FixedAt = known.FixedAt is { } a && listed.FixedAt is { } b ? (a > b ? a : b) : null,
        WaitingSince = known.WaitingSince,
    };

    private static FixCandidate FromPending(PendingFix fix, DateTimeOffset now) => new(
        new Risk(fix.Host, fix.Cve, new RiskStatus(RiskState.Remediated, fix.Severity)),
        fix.Cve,
        fix.Machines.Where(m => !string.IsNullOrWhiteSpace(m)).ToHashSet(StringComparer.OrdinalIgnoreCase),
        fix.FixedAt,
        fix.WaitingSince ?? now);

    private static PendingFix ToPending(FixCandidate fix) =>
        new(fix.Risk.Dns, fix.Cve, fix.Risk.Status.Severity, [.. fix.DeviceIds.Order(StringComparer.OrdinalIgnoreCase)], fix.FixedAt, fix.WaitingSince);
}
