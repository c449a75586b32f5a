using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Chariot.Capabilities.Checkpoints;

/// <summary>
/// A checkpoint store held in memory: for tests and for hosts that run a job once. Values are kept as the UTF-8 bytes
/// they are saved as, and read back as text.
/// </summary>
public sealed class InMemoryCheckpointStore : ICheckpointStore
{
    private readonly ConcurrentDictionary<CheckpointKey, ReadOnlyMemory<byte>> _values = new();

    /// <summary>Every saved checkpoint, as text.</summary>
    public IReadOnlyDictionary<CheckpointKey, string> Values => new TextView(_values);

    /// <inheritdoc />
    public Task<string?> ReadAsync(CheckpointKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_values.TryGetValue(key, out var value) ? Encoding.UTF8.GetString(value.Span) : null);
    }

    /// <inheritdoc />
    public Task WriteAsync(CheckpointKey key, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        return WriteAsync(key, Encoding.UTF8.GetBytes(value), cancellationToken);
    }

    /// <inheritdoc />
    public Task WriteAsync(CheckpointKey key, ReadOnlyMemory<byte> utf8Value, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _values[key] = utf8Value;
        return Task.CompletedTask;
    }

    // The saved bytes seen as text, decoded when read.
    private sealed class TextView(ConcurrentDictionary<CheckpointKey, ReadOnlyMemory<byte>> values) : IReadOnlyDictionary<CheckpointKey, string>
    {
        public int Count => values.Count;

        public IEnumerable<CheckpointKey> Keys => values.Keys;

        public IEnumerable<string> Values => values.Values.Select(Text);

        public string this[CheckpointKey key] => Text(values[key]);

        public bool ContainsKey(CheckpointKey key) => values.ContainsKey(key);

        public bool TryGetValue(CheckpointKey key, [MaybeNullWhen(false)] out string value)
        {
            var found = values.TryGetValue(key, out var bytes);
            value = found ? Text(bytes) : null;
            return found;
        }

        public IEnumerator<KeyValuePair<CheckpointKey, string>> GetEnumerator() =>
            values.Select(pair => KeyValuePair.Create(pair.Key, Text(pair.Value))).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
    }
}
