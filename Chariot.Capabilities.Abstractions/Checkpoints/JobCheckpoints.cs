namespace Chariot.Capabilities.Checkpoints;

/// <summary>A job's read-only view of its integration's checkpoints.</summary>
public sealed class JobCheckpoints
{
    private readonly ICheckpointStore _store;

    /// <summary>Binds the store to one integration key.</summary>
    public JobCheckpoints(ICheckpointStore store, string integrationKey)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(integrationKey);
        _store = store;
        IntegrationKey = integrationKey;
    }

    /// <summary>The integration the checkpoints belong to.</summary>
    public string IntegrationKey { get; }

    /// <summary>The key of one stream's checkpoint.</summary>
    public CheckpointKey KeyFor(string stream) => new(IntegrationKey, stream);

    /// <summary>The value saved by the last successful run for <paramref name="stream"/>, or null.</summary>
    public Task<string?> ReadAsync(string stream, CancellationToken cancellationToken) =>
        _store.ReadAsync(KeyFor(stream), cancellationToken);
}
