using System.Diagnostics.CodeAnalysis;

namespace Chariot.Capabilities;

/// <summary>
/// The values made last for a few keys, so a value asked for again soon is not made again: a fixed table of entries chosen
/// by the key's hash, one replaced on a collision. An entry never changes, so threads share the table without a lock (one
/// may replace an entry another just made: either is right, for a table that only saves making a value again). Serves
/// <see cref="Models.Risk.FormatName"/> (a detection's title comes back with every alert of it) and the emitter's parents
/// as sent (an asset's attributes follow it).
/// </summary>
/// <param name="comparer">How keys are told apart (and hashed).</param>
/// <param name="slots">The table's size.</param>
internal sealed class RecentTable<TKey, TValue>(IEqualityComparer<TKey> comparer, int slots)
    where TKey : notnull
{
    private readonly Entry?[] _entries = new Entry?[slots];

    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (Volatile.Read(ref _entries[SlotOf(key)]) is { } entry && comparer.Equals(entry.Key, key))
        {
            value = entry.Value;
            return true;
        }

        value = default;
        return false;
    }

    public void Set(TKey key, TValue value) => Volatile.Write(ref _entries[SlotOf(key)], new Entry(key, value));

    public TValue GetOrAdd(TKey key, Func<TKey, TValue> make)
    {
        if (!TryGet(key, out var value))
        {
            value = make(key);
            Set(key, value);
        }

        return value;
    }

    private int SlotOf(TKey key) => (int)((uint)comparer.GetHashCode(key) % (uint)_entries.Length);

    private sealed record Entry(TKey Key, TValue Value);
}
