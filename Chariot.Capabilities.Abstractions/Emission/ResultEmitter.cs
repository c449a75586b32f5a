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
/// Thread-safe: streams may send concurrently; the filter sees one model at a time. Models get tabularium's defaults
/// where unset: the job's username, created/visited/updated = now, a time to live of 14 days.
/// </remarks>
public sealed class ResultEmitter
{
    private static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromDays(14);

    private readonly ChannelWriter<EmittedItem> _writer;
    private readonly IFilter _filter;
    private readonly Job _job;
    private readonly TimeProvider _time;
    private readonly Lock _filterLock = new();
    private readonly KeySet _sentParents = new();
    private readonly KeySet _droppedParents = new();
    private long _assets, _risks, _attributes, _files, _assetsFiltered, _risksFiltered, _attributesFiltered;

    internal ResultEmitter(ChannelWriter<EmittedItem> writer, IFilter filter, Job job, TimeProvider time)
    {
        _writer = writer;
        _filter = filter;
        _job = job;
        _time = time;
    }

    /// <summary>What was sent and dropped so far.</summary>
    public EmissionCounts Counts => new(
        Interlocked.Read(ref _assets),
        Interlocked.Read(ref _risks),
        Interlocked.Read(ref _attributes),
        Interlocked.Read(ref _files),
        Interlocked.Read(ref _assetsFiltered),
        Interlocked.Read(ref _risksFiltered),
        Interlocked.Read(ref _attributesFiltered));

    /// <summary>Filters and sends an asset; false when the filter dropped it.</summary>
    public async ValueTask<bool> SendAsync(Asset asset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        bool drop;
        lock (_filterLock)
        {
            drop = _filter.DropAsset(ref asset);
            Remember(asset.Key, drop);
        }

        if (drop)
        {
            Interlocked.Increment(ref _assetsFiltered);
            return false;
        }

        await WriteAsync(Stamp(asset), cancellationToken);
        Interlocked.Increment(ref _assets);
        return true;
    }

    /// <summary>Filters and sends a risk; false when the filter dropped it.</summary>
    public async ValueTask<bool> SendAsync(Risk risk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(risk);
        bool drop;
        lock (_filterLock)
        {
            drop = _filter.DropRisk(ref risk);
            Remember(risk.Key, drop);
        }

        if (drop)
        {
            Interlocked.Increment(ref _risksFiltered);
            return false;
        }

        var now = _time.GetUtcNow();
        await WriteAsync(Stamp(risk) with { Updated = risk.Updated ?? now }, cancellationToken);
        Interlocked.Increment(ref _risks);
        return true;
    }

    /// <summary>Sends an attribute; false when its parent was dropped by the filter, or has a bad key.</summary>
    public async ValueTask<bool> SendAsync(ChariotAttribute attribute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        bool drop;
        lock (_filterLock)
        {
            // A parent dropped as a duplicate was sent before, so its attributes still have somewhere to go.
            var parent = attribute.Parent.Key;
            drop = attribute.KeyProblem() is not null || (_droppedParents.Contains(parent) && !_sentParents.Contains(parent));
        }

        if (drop)
        {
            Interlocked.Increment(ref _attributesFiltered);
            return false;
        }

        await WriteAsync(Stamp(attribute), cancellationToken);
        Interlocked.Increment(ref _attributes);
        return true;
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
        Interlocked.Increment(ref _files);
    }

    /// <summary>
    /// Marks that everything the checkpoint depends on was sent: the host saves <paramref name="value"/> for
    /// <paramref name="stream"/> after it has written every result before it, and only if the whole job succeeds.
    /// </summary>
    public async ValueTask CommitCheckpointAsync(string stream, string value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stream);
        ArgumentNullException.ThrowIfNull(value);
        await _writer.WriteAsync(new CheckpointReached(new CheckpointKey(_job.CheckpointScope, stream), value), cancellationToken);
    }

    private void Remember(string key, bool dropped)
    {
        if (dropped)
        {
            _droppedParents.Add(key);
        }
        else
        {
            _sentParents.Add(key);
        }
    }

    private ValueTask WriteAsync(ChariotModel model, CancellationToken cancellationToken) =>
        _writer.WriteAsync(new EmittedModel(model), cancellationToken);

    private T Stamp<T>(T model)
        where T : TimedModel
    {
        var now = _time.GetUtcNow();
        return model with
        {
            Username = model.Username.Length > 0 ? model.Username : _job.Username,
            Created = model.Created ?? now,
            Visited = model.Visited ?? now,
            Ttl = model.Ttl != 0 ? model.Ttl : (now + DefaultTimeToLive).ToUnixTimeSeconds(),
        };
    }
}
