namespace Chariot.Capabilities.Defender.Testing.Data.Generation;

/// <summary>
/// SplitMix64 over (seed, stream, index): any item of a generated tenant comes from its index without generating
/// the ones before it, and the same seed always gives the same tenant on every machine and runtime.
/// </summary>
internal static class StableHash
{
    public static ulong Of(int seed, ulong stream, long index)
    {
        var x = unchecked(((ulong)(uint)seed << 32) ^ (stream * 0x9E3779B97F4A7C15UL) ^ (ulong)index);
        x = unchecked(x + 0x9E3779B97F4A7C15UL);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        return x ^ (x >> 31);
    }

    public static int Pick(ulong hash, int count) => (int)(hash % (ulong)count);

    public static T Pick<T>(ulong hash, IReadOnlyList<T> items) => items[Pick(hash, items.Count)];

    /// <summary>The FNV-1a offset basis: the hash of nothing, where <see cref="Fnv"/> starts.</summary>
    public const ulong FnvOffset = 14695981039346656037;

    /// <summary>
    /// FNV-1a over a text's characters (and a separator), on from <paramref name="hash"/>: the same on every machine and
    /// runtime, unlike string hashes, so whatever the fake draws from a name (an id, a product) never changes.
    /// </summary>
    public static ulong Fnv(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 1099511628211);
        }

        return unchecked((hash ^ '\n') * 1099511628211);
    }
}
