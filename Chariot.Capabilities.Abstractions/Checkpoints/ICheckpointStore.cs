using System.Text;

namespace Chariot.Capabilities.Checkpoints;

/// <summary>Identifies one checkpoint: an integration (by its Chariot key) and a stream within it (for example <c>alerts</c>).</summary>
/// <param name="IntegrationKey">The integration's key, for example <c>#integration#defender#contoso</c>.</param>
/// <param name="Stream">The stream name.</param>
public readonly record struct CheckpointKey(string IntegrationKey, string Stream)
{
    /// <inheritdoc />
    public override string ToString() => $"{IntegrationKey}/{Stream}";
}

/// <summary>
/// Where incremental syncs keep their position between runs. The host provides it; a capability reads it through
/// <see cref="JobCheckpoints"/> and moves it only through <see cref="Emission.ResultEmitter.CommitCheckpointAsync(string, string, CancellationToken)"/>,
/// so a checkpoint never gets ahead of the results before it.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>The saved value, or null when there is none.</summary>
    Task<string?> ReadAsync(CheckpointKey key, CancellationToken cancellationToken);

    /// <summary>Saves the value atomically: a reader sees the old value or the new one, never a mix.</summary>
    Task WriteAsync(CheckpointKey key, string value, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the value given as its UTF-8 bytes, as <see cref="WriteAsync(CheckpointKey, string, CancellationToken)"/>
    /// saves text. The host passes checkpoints this way (a checkpoint is JSON, made as UTF-8: a large one is not turned into
    /// a string and back); the bytes do not change afterwards, so a store may keep them. By default they are decoded and
    /// saved as text: a store that keeps bytes overrides this.
    /// </summary>
    Task WriteAsync(CheckpointKey key, ReadOnlyMemory<byte> utf8Value, CancellationToken cancellationToken) =>
        WriteAsync(key, Encoding.UTF8.GetString(utf8Value.Span), cancellationToken);
}
