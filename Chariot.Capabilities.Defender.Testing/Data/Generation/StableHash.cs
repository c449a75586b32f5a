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
}
