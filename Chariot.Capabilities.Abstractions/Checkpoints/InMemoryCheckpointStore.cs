using System.Collections.Concurrent;

namespace Chariot.Capabilities.Checkpoints;

/// <summary>A checkpoint store held in memory: for tests and for hosts that run a job once.</summary>
public sealed class InMemoryCheckpointStore : ICheckpointStore
{
    private readonly ConcurrentDictionary<CheckpointKey, string> _values = new();

    /// <summary>Every saved checkpoint.</summary>
    public IReadOnlyDictionary<CheckpointKey, string> Values => _values;

    /// <inheritdoc />
    public Task<string?> ReadAsync(CheckpointKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_values.TryGetValue(key, out var value) ? value : null);
    }

    /// <inheritdoc />
    public Task WriteAsync(CheckpointKey key, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        cancellationToken.ThrowIfCancellationRequested();
        _values[key] = value;
        return Task.CompletedTask;
    }
}
