using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// Several alerts can be the same detection on the same host, which is one risk. The risk must say the detection is
/// still open while any of its alerts is, in this sync or as an earlier sync last saw it: a resolved (or rejected)
/// alert is held back until the listing ends, and its risk is closed only if no alert of the same detection is open
/// then; otherwise only its facts (ids, links) go to the still-open risk.
/// </summary>
internal sealed class DetectionStates : IDisposable
{
    /// <summary>
    /// How many bytes of held alerts (proofs, comments and facts) stay in memory before further ones wait in a temporary
    /// file: as many as a progress save carries (<see cref="AlertSync"/> saves no progress past them).
    /// </summary>
    public const long DefaultHeldInMemoryBytes = 1024 * 1024;

    // Alerts and risks by fingerprint (AlertPrint): a tenant keeps tens of thousands of alerts open, and their ids and
    // risk keys as text took ten times the memory.
    private readonly HashSet<UInt128> _openNow = [];
    private readonly HeldAlerts _closed;
    // By instance: the alert id for an alert's first host, the id and the host's place for further hosts (Instance).
    private readonly Dictionary<UInt128, OpenAlert> _openAlerts = [];

    // How many hosts each alert seen open on more than one had (few): their instances are forgotten together.
    private readonly Dictionary<UInt128, int> _hostsOf = [];

    private readonly TimeSpan _openAlertMemory;

    // Where OpenAlerts puts them, kept between progress saves.
    private readonly List<OpenAlert> _openForCheckpoint = [];

    /// <summary>
    /// Starts from the alerts an earlier sync saw open, and the closed ones a sync stopped half way still held; an open
    /// alert unchanged for <paramref name="openAlertMemory"/> is forgotten. Held alerts past <paramref name="heldInMemoryBytes"/>
    /// wait in a temporary file in <paramref name="directory"/> (by default <see cref="Path.GetTempPath"/>).
    /// </summary>
    public DetectionStates(
        TimeSpan openAlertMemory,
        IEnumerable<OpenAlert>? previouslyOpen = null,
        IEnumerable<HeldAlert>? held = null,
        long heldInMemoryBytes = DefaultHeldInMemoryBytes,
        string? directory = null)
    {
        _openAlertMemory = openAlertMemory;
        _closed = new HeldAlerts(heldInMemoryBytes, directory ?? Path.GetTempPath());
        foreach (var alert in previouslyOpen ?? [])
        {
            var hosts = _openAlerts.ContainsKey(alert.Id) ? _hostsOf.GetValueOrDefault(alert.Id, 1) : 0;
            _openAlerts[Instance(alert.Id, hosts)] = alert;
            if (hosts > 0)
            {
                _hostsOf[alert.Id] = hosts + 1;
            }
        }

        foreach (var alert in (held ?? []).Select(h => h?.ToMapped()))
        {
            if (alert is not null)
            {
                CarriedIn++;
                Hold(alert.Risk.Key, Release(alert.Risk.Key) is { } other ? Absorb(other, alert) : alert);
            }
        }
    }

    /// <summary>What to send now for this alert (<paramref name="id"/>: its id's <see cref="AlertPrint"/>): nothing while its detection may still turn out open.</summary>
    public IReadOnlyList<MappedAlert> Admit(UInt128 id, DateTimeOffset updated, MappedAlert alert)
    {
        Forget(id);
        return Admit(id, 0, updated, alert) is { } ready ? [ready] : [];
    }

    /// <summary>
    /// What to send now for this alert on each of its hosts (the same alert, a risk per host): each is one detection on
    /// its host, as a single-host alert is.
    /// </summary>
    public IReadOnlyList<MappedAlert> Admit(UInt128 id, DateTimeOffset updated, IReadOnlyList<MappedAlert> onHosts)
    {
        Forget(id);
        if (onHosts.Count > 1 && onHosts[0].Risk.Status.State is RiskState.Triage or RiskState.Open)
        {
            _hostsOf[id] = onHosts.Count; // only an open alert leaves instances to forget
        }

        var ready = new List<MappedAlert>(onHosts.Count);
        for (var host = 0; host < onHosts.Count; host++)
        {
            if (Admit(id, host, updated, onHosts[host]) is { } sent)
            {
                ready.Add(sent);
            }
        }

        return ready;
    }

    // The alert on one of its hosts: what to send for it now, or null while its detection there may still turn out open.
    private MappedAlert? Admit(UInt128 id, int host, DateTimeOffset updated, MappedAlert alert)
    {
        var key = alert.Risk.Key;
        if (alert.Risk.Status.State is RiskState.Triage or RiskState.Open)
        {
            var risk = AlertPrint.Of(key);
            _openAlerts[Instance(id, host)] = new OpenAlert(id, risk, updated);
            _openNow.Add(risk);
            return Release(key) is { } closed ? Absorb(alert, closed) : alert;
        }

        if (_openNow.Contains(AlertPrint.Of(key)))
        {
            return alert;
        }

        // The latest closed alert speaks for the detection (a held one may be an older version of the same alert).
        Hold(key, Release(key) is { } held ? Absorb(alert, held) : alert);
        return null;
    }

    /// <summary>Forgets the alert's open instances: its new version replaces them (it may name other hosts, or fewer, or none in scope).</summary>
    public void Forget(UInt128 id)
    {
        _openAlerts.Remove(id);
        if (_hostsOf.Remove(id, out var hosts))
        {
            for (var host = 1; host < hosts; host++)
            {
                _openAlerts.Remove(Instance(id, host));
            }
        }
    }

    // The alert's fingerprint for its first host; for a further host, the fingerprint with the host's place in its top
    // 32 bits (two instances share a key only if their alerts' fingerprints share the low 96 bits: about n²/2⁹⁷ among n).
    private static UInt128 Instance(UInt128 id, int host) => host == 0 ? id : id ^ ((UInt128)(uint)host << 96);

    /// <summary>
    /// Once the listing ended, the detections whose alerts of this sync were all closed: <c>StillOpen</c> when an alert
    /// an earlier sync saw open (and that has not changed since) holds the detection open.
    /// </summary>
    public IEnumerable<(MappedAlert Alert, bool StillOpen)> Closed()
    {
        var open = _openAlerts.Values.Select(a => a.Risk).ToHashSet();
        return _closed.All().Select(alert => (alert, open.Contains(AlertPrint.Of(alert.Risk.Key))));
    }

    /// <summary>The closed alerts still held back, for a checkpoint taken before the listing ends.</summary>
    public IReadOnlyList<HeldAlert> Held() =>
        [.. _closed.Forms().OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Value)];

    /// <summary>How many held alerts the checkpoint of a sync stopped half way carried in: records this sync received from it.</summary>
    public int CarriedIn { get; }

    /// <summary>How many alerts were folded into the risk of another alert of the same detection (sent as its facts, not as a risk).</summary>
    public int Folded { get; private set; }

    /// <summary>How many closed alerts are held back.</summary>
    public int HeldCount => _closed.Count;

    /// <summary>About how many bytes the held alerts take in a checkpoint: their proofs, facts and comments.</summary>
    public long HeldBytes => _closed.Bytes;

    /// <summary>How many of the held alerts wait in the temporary file.</summary>
    public int HeldOnDisk => _closed.OnDisk;

    /// <summary>Bytes the held alerts wrote to the temporary file.</summary>
    public long HeldFileBytes => _closed.FileBytes;

    /// <summary>How many alerts are remembered open.</summary>
    public int OpenCount => _openAlerts.Count;

    /// <summary>
    /// The alerts open now, for the next sync, by risk and then id fingerprint (the checkpoint writes those of a risk together); those
    /// unchanged for longer than Graph keeps alerts are forgotten. The list is this object's own, sorted in place at every
    /// call (a progress save makes one), and valid until the next: it is serialized at once.
    /// </summary>
    public IReadOnlyList<OpenAlert> OpenAlerts(DateTimeOffset now)
    {
        _openForCheckpoint.Clear();
        foreach (var alert in _openAlerts.Values)
        {
            if (now - alert.Updated < _openAlertMemory)
            {
                _openForCheckpoint.Add(alert);
            }
        }

        _openForCheckpoint.Sort(ByRiskThenId);
        return _openForCheckpoint;
    }

    // A total order (an id is open once), so the unstable in-place sort gives one order.
    private static readonly Comparison<OpenAlert> ByRiskThenId = static (a, b) =>
        a.Risk.CompareTo(b.Risk) is var byRisk and not 0 ? byRisk : a.Id.CompareTo(b.Id);

    public void Dispose() => _closed.Dispose();

    private void Hold(string key, MappedAlert alert) => _closed.Put(key, alert);

    private MappedAlert? Release(string key) => _closed.Take(key);

    // The keeper's risk and proof, and the facts of both, each once: the other is folded into the keeper.
    // Most alerts fold into a risk with a few facts each, compared pair by pair; a detection that has gathered many facts
    // (it keeps closing on one host) is looked up through a set instead.
    private MappedAlert Absorb(MappedAlert keeper, MappedAlert other)
    {
        Folded++;
        var mine = keeper.Attributes;
        var theirs = other.Attributes;
        var joined = new ChariotAttribute[mine.Count + theirs.Count];
        for (var i = 0; i < mine.Count; i++)
        {
            joined[i] = mine[i];
        }

        var count = mine.Count;
        var kept = joined.Length > FactsComparedPairwise ? mine.Select(a => (a.Name, a.Value)).ToHashSet() : null;
        for (var i = 0; i < theirs.Count; i++)
        {
            var fact = theirs[i];
            if (kept?.Add((fact.Name, fact.Value)) ?? !Holds(joined, count, fact))
            {
                joined[count++] = fact with { Parent = keeper.Risk };
            }
        }

        return keeper.WithAttributes(count == joined.Length ? joined : new ArraySegment<ChariotAttribute>(joined, 0, count));
    }

    private const int FactsComparedPairwise = 64;

    private static bool Holds(ChariotAttribute[] facts, int count, ChariotAttribute fact)
    {
        for (var i = 0; i < count; i++)
        {
            if (string.Equals(facts[i].Name, fact.Name, StringComparison.Ordinal) && string.Equals(facts[i].Value, fact.Value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
