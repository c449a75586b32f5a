using System.Text;
using System.Threading.Channels;
using Chariot.Capabilities.Checkpoints;
using Chariot.Capabilities.Filtering;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Emission;

/// <summary>
/// The only way a capability sends results (Chariot's <c>Job.Send</c>). Every asset and risk passes the job's filter
/// here, so none can skip it; the sender waits while the host is behind (a bounded channel gives back-pressure).
/// </summary>
/// <remarks>
/// Thread-safe: streams may send concurrently; the filter sees one model at a time. An attribute carries its parent as the
/// parent itself was sent (or, for a parent this emitter did not just send, with the same defaults applied now), never
/// with empty timestamps and a time to live of 0, which tabularium reads as a permanent record. Models get tabularium's defaults
/// where unset: the job's username, created/visited/updated = now, a time to live of 30 days (tabularium's
/// <c>Future(30*24)</c> in <c>base_asset.go</c>, <c>risk.go</c> and <c>attribute.go</c>).
/// </remarks>
public sealed class ResultEmitter
{
    private static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromDays(30);

    private readonly ChannelWriter<Emitted> _writer;
    private readonly IFilter _filter;
    private readonly Job _job;
    private readonly TimeProvider _time;
    private readonly Lock _filterLock = new();
    private readonly ISentKeys _sent;

    // The filter's decisions as delegates made once: a method group passed at each call was a delegate per asset and risk.
    private readonly Drop<Asset> _dropAsset;
    private readonly Drop<Risk> _dropRisk;

    // Keys the filter dropped and never let through, as fingerprints: their attributes have no parent in Chariot. What
    // was sent is asked of the filter, which remembers it anyway.
    private readonly HashSet<UInt128> _refusedParents = [];
    private readonly long _seed = KeySet.NewSeed();
    private readonly Tally _assets = new(), _risks = new(), _attributes = new(), _files = new();
    private readonly Tally _assetsFiltered = new(), _risksFiltered = new(), _attributesFiltered = new();

    // The parents last sent, as given and as stamped, by reference: their attributes follow them, and carry the stamped
    // one. A slot is replaced whole, so concurrent streams at worst miss (and stamp the parent again).
    private readonly RecentTable<ChariotModel, ChariotModel> _sentParents = new(ReferenceEqualityComparer.Instance, ParentSlots);
    private const int ParentSlots = 64;

    internal ResultEmitter(ChannelWriter<Emitted> writer, IFilter filter, Job job, TimeProvider time)
    {
        _writer = writer;
        _filter = filter;
        _job = job;
        _time = time;
        _sent = filter as ISentKeys ?? new SentKeys();
        _dropAsset = filter.DropAsset;
        _dropRisk = filter.DropRisk;
    }

    /// <summary>Once the job ended: closes the temporary files of the sent keys this emitter kept itself (the filter's are its own).</summary>
    internal void ReleaseKeys() => (_sent as SentKeys)?.Dispose();

    /// <summary>What was sent and dropped so far.</summary>
    public EmissionCounts Counts => new(
        _assets.Value,
        _risks.Value,
        _attributes.Value,
        _files.Value,
        _assetsFiltered.Value,
        _risksFiltered.Value,
        _attributesFiltered.Value);

    /// <summary>
    /// The defaults the emitter fills in, as of now: a model made with them is sent without a copy (see
    /// <see cref="ModelStamp"/>); a sync that sends millions of models makes each once.
    /// </summary>
    public ModelStamp StampNow() => DefaultsAt(_time.GetUtcNow());

    /// <summary>Filters and sends an asset; false when the filter dropped it.</summary>
    public ValueTask<bool> SendAsync(Asset asset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var given = asset;
        var dropped = Decide(ref asset, _dropAsset);
        return DeliverAsync(dropped ? null : RememberParent(given, Stamp(asset, _time.GetUtcNow())), _assets, _assetsFiltered, cancellationToken);
    }

    /// <summary>Filters and sends a risk; false when the filter dropped it.</summary>
    public ValueTask<bool> SendAsync(Risk risk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(risk);
        var given = risk;
        var dropped = Decide(ref risk, _dropRisk);
        return DeliverAsync(dropped ? null : RememberParent(given, Stamp(risk, _time.GetUtcNow())), _risks, _risksFiltered, cancellationToken);
    }

    /// <summary>Sends an attribute; false when its parent was dropped by the filter, or has a bad key.</summary>
    public async ValueTask<bool> SendAsync(ChariotAttribute attribute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        bool drop;
        lock (_filterLock)
        {
            // A parent dropped as a duplicate was sent before, so its attributes still have somewhere to go.
            drop = attribute.KeyProblem() is not null || Refused(attribute.Parent);
        }

        if (drop)
        {
            _attributesFiltered.Increment();
            return false;
        }

        var now = _time.GetUtcNow();
        await WriteAsync(Stamp(attribute, now), cancellationToken);
        _attributes.Increment();
        return true;
    }

    /// <summary>Sends a port; false when its asset was dropped by the filter, or it has a bad key.</summary>
    public ValueTask<bool> SendAsync(Port port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(port);
        return SendDependentAsync(port, port.Parent, null, cancellationToken);
    }

    /// <summary>Sends a technology; false when its key is bad (a CPE tabularium would not accept).</summary>
    public ValueTask<bool> SendAsync(Technology technology, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(technology);
        return SendDependentAsync(technology, null, null, cancellationToken);
    }

    /// <summary>Sends a relationship; false when one of its ends was dropped by the filter, or has a bad key.</summary>
    public ValueTask<bool> SendAsync(Relationship relationship, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        return SendDependentAsync(relationship, relationship.Source, relationship.Target, cancellationToken);
    }

    /// <summary>Sends a file (a definition or a proof).</summary>
    public async ValueTask SendAsync(ChariotFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var stamped = file with
        {
            Username = file.Username.Length > 0 ? file.Username : _job.Username,
            Updated = file.Updated ?? _time.GetUtcNow(),
        };
        await WriteAsync(stamped, cancellationToken);
        _files.Increment();
    }

    /// <summary>
    /// Marks that everything the checkpoint depends on was sent: the host saves <paramref name="value"/> for
    /// <paramref name="stream"/> after it has written every result before it, and only if the whole job succeeds.
    /// </summary>
    public async ValueTask CommitCheckpointAsync(string stream, string value, CancellationToken cancellationToken)
    {
        var key = KeyOf(stream);
        ArgumentNullException.ThrowIfNull(value);
        await ReachAsync(key, Encoding.UTF8.GetBytes(value), progress: false, cancellationToken);
    }

    /// <summary>
    /// <see cref="CommitCheckpointAsync(string, string, CancellationToken)"/> with the value as its UTF-8 bytes (a checkpoint
    /// serialized as JSON is UTF-8 already): the bytes are copied, so the caller may reuse its buffer.
    /// </summary>
    public async ValueTask CommitCheckpointAsync(string stream, ReadOnlyMemory<byte> utf8Value, CancellationToken cancellationToken)
    {
        await ReachAsync(KeyOf(stream), utf8Value.ToArray(), progress: false, cancellationToken);
    }

    /// <summary>
    /// Marks progress that stays true whatever the job does next: the host saves <paramref name="value"/> for
    /// <paramref name="stream"/> as soon as it has written every result before it, even if the job later fails or is
    /// cancelled, so a stream stopped half way resumes from here instead of starting over. A later
    /// <see cref="CommitCheckpointAsync(string, string, CancellationToken)"/> of the same stream still waits for the job to succeed.
    /// </summary>
    public async ValueTask CommitProgressAsync(string stream, string value, CancellationToken cancellationToken)
    {
        var key = KeyOf(stream);
        ArgumentNullException.ThrowIfNull(value);
        await ReachAsync(key, Encoding.UTF8.GetBytes(value), progress: true, cancellationToken);
    }

    /// <summary>
    /// <see cref="CommitProgressAsync(string, string, CancellationToken)"/> with the value as its UTF-8 bytes (a checkpoint
    /// serialized as JSON is UTF-8 already): the bytes are copied, so the caller may reuse its buffer.
    /// </summary>
    public async ValueTask CommitProgressAsync(string stream, ReadOnlyMemory<byte> utf8Value, CancellationToken cancellationToken)
    {
        await ReachAsync(KeyOf(stream), utf8Value.ToArray(), progress: true, cancellationToken);
    }

    private delegate bool Drop<T>(ref T model);

    private CheckpointKey KeyOf(string stream)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stream);
        return new CheckpointKey(_job.CheckpointScope, stream);
    }

    // Every commit, checkpoint or progress, text or bytes: the value is the emitter's own from here on.
    private ValueTask ReachAsync(CheckpointKey key, byte[] utf8Value, bool progress, CancellationToken cancellationToken) =>
        _writer.WriteAsync(new Emitted(new CheckpointReached(key, utf8Value) { IsProgress = progress }), cancellationToken);

    // A model that hangs off others (a port off its asset, a relationship off its two ends): dropped with a bad key or when
    // an end was refused by the filter, else sent with its ends as they were sent.
    private async ValueTask<bool> SendDependentAsync(ChariotModel model, ChariotModel? first, ChariotModel? second, CancellationToken cancellationToken)
    {
        bool drop;
        lock (_filterLock)
        {
            drop = model.KeyProblem() is not null || Refused(first) || Refused(second);
        }

        if (drop)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        // Remembered as sent: a port or technology is the end of the relationships that follow it.
        await WriteAsync(
            RememberParent(model, model switch
            {
                TimedModel timed => Stamp(timed, now),
                Relationship relationship => relationship with
                {
                    Created = relationship.Created ?? now,
                    Visited = relationship.Visited ?? now,
                    Source = SentForm(relationship.Source, now),
                    Target = SentForm(relationship.Target, now),
                },
                _ => model,
            }),
            cancellationToken);
        return true;
    }

    private bool Refused(ChariotModel? end) => end is not null && _refusedParents.Count > 0 && _refusedParents.Contains(KeySet.Fingerprint(end.Key, _seed));

    // The filter sees one model at a time, and what it decided is remembered for the attributes that follow.
    private bool Decide<T>(ref T model, Drop<T> drop)
        where T : ChariotModel
    {
        lock (_filterLock)
        {
            var dropped = drop(ref model);
            Remember(model.Key, dropped);
            return dropped;
        }
    }

    private async ValueTask<bool> DeliverAsync(ChariotModel? stamped, Tally sent, Tally filtered, CancellationToken cancellationToken)
    {
        if (stamped is null)
        {
            filtered.Increment();
            return false;
        }

        await WriteAsync(stamped, cancellationToken);
        sent.Increment();
        return true;
    }

    private void Remember(string key, bool dropped)
    {
        if (!dropped)
        {
            (_sent as SentKeys)?.Add(key);
            if (_refusedParents.Count > 0)
            {
                _refusedParents.Remove(KeySet.Fingerprint(key, _seed));
            }
        }
        else if (!_sent.WasSent(key))
        {
            _refusedParents.Add(KeySet.Fingerprint(key, _seed));
        }
    }

    private ValueTask WriteAsync(ChariotModel model, CancellationToken cancellationToken) =>
        _writer.WriteAsync(new Emitted(model), cancellationToken);

    // One copy of the model with what is unset filled in; an attribute's parent as it was sent. A model that has all of it
    // (made with StampNow) is sent as it is.
    private T Stamp<T>(T model, DateTimeOffset now)
        where T : TimedModel
    {
        if (IsStamped(model, now))
        {
            return model;
        }

        var defaults = DefaultsAt(now);
        var username = model.Username.Length > 0 ? model.Username : defaults.Username;
        var created = model.Created ?? now;
        var visited = model.Visited ?? now;
        var ttl = HasTimeToLive(model) ? model.Ttl : defaults.Ttl;
        TimedModel stamped = model switch
        {
            Risk risk => risk with { Username = username, Created = created, Visited = visited, Ttl = ttl, Updated = risk.Updated ?? now },
            ChariotAttribute attribute => attribute with { Username = username, Created = created, Visited = visited, Ttl = ttl, Parent = SentForm(attribute.Parent, now) },
            Port port => port with { Username = username, Created = created, Visited = visited, Ttl = ttl, Parent = SentForm(port.Parent, now) },
            _ => model with { Username = username, Created = created, Visited = visited, Ttl = ttl },
        };
        return (T)stamped;
    }

    // tabularium's defaults at a moment: the job's username, and a time to live of 30 days from then.
    private ModelStamp DefaultsAt(DateTimeOffset now) => new(_job.Username, now, (now + DefaultTimeToLive).ToUnixTimeSeconds());

    // Whether the model's time to live needs no default: it has one, or it is an integration, which is permanent in
    // tabularium (Integration.Defaulted sets no time to live).
    private static bool HasTimeToLive(TimedModel model) => model.Ttl != 0 || model is Integration;

    private bool IsStamped(TimedModel model, DateTimeOffset now) =>
        model.Username.Length > 0 && model.Created is not null && model.Visited is not null && HasTimeToLive(model)
        && model switch
        {
            Risk risk => risk.Updated is not null,
            ChariotAttribute attribute => ReferenceEquals(SentForm(attribute.Parent, now), attribute.Parent),
            Port port => ReferenceEquals(SentForm(port.Parent, now), port.Parent),
            _ => true,
        };

    // A model sent as given (made with the defaults) needs no entry: its attributes' parent is the model itself, which
    // SentForm finds again without one, and a sync sends a million of them.
    private ChariotModel RememberParent(ChariotModel given, ChariotModel stamped)
    {
        if (!ReferenceEquals(given, stamped))
        {
            _sentParents.Set(given, stamped);
        }

        return stamped;
    }

    // The parent as it was sent, else stamped now as it would have been.
    private ChariotModel SentForm(ChariotModel parent, DateTimeOffset now)
    {
        if (_sentParents.TryGet(parent, out var sent))
        {
            return sent;
        }

        return parent is TimedModel timed ? RememberParent(parent, Stamp(timed, now)) : parent;
    }

    /// <summary>The sent keys, kept here for a filter that does not remember them.</summary>
    private sealed class SentKeys : ISentKeys, IDisposable
    {
        private readonly KeySet _keys = new();

        public void Add(string key) => _keys.Add(key);

        public bool WasSent(string key) => _keys.Contains(key);

        public void Dispose() => _keys.Dispose();
    }

    private sealed class Tally
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }
}
