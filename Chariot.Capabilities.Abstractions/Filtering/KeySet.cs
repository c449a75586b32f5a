using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Chariot.Capabilities.Filtering;

/// <summary>
/// The keys a job has sent, held as 96-bit fingerprints in one flat table of at most two slots a key (12 bytes a slot,
/// in two arrays): a million keys cost 24 MB rather than the strings' hundreds, and growing it leaves one table behind.
/// </summary>
/// <remarks>
/// The fingerprint is 96 bits of XXH3-128 of the key's UTF-16 text under a secret seed drawn for each set, so no tenant
/// data can be crafted to collide; two distinct keys share one with a chance of about n²/2⁹⁷ in a job of n keys (about
/// 6 in a quintillion for a million keys), out of reach.
/// </remarks>
internal sealed class KeySet
{
    private const int InitialSlots = 1024;

    private readonly long _seed = NewSeed();
    private ulong[] _high = new ulong[InitialSlots];
    private uint[] _low = new uint[InitialSlots];

    public int Count { get; private set; }

    /// <summary>Adds the key; false when it was there already.</summary>
    public bool Add(string key)
    {
        var (high, low) = Split(Fingerprint(key, _seed));
        var slot = Find(_high, _low, high, low);
        if (_high[slot] == high && _low[slot] == low)
        {
            return false;
        }

        (_high[slot], _low[slot]) = (high, low);
        if (++Count > _high.Length / 4 * 3)
        {
            Grow();
        }

        return true;
    }

    public bool Contains(string key)
    {
        var (high, low) = Split(Fingerprint(key, _seed));
        var slot = Find(_high, _low, high, low);
        return _high[slot] == high && _low[slot] == low;
    }

    /// <summary>A seed for <see cref="Fingerprint"/>, secret to this process.</summary>
    public static long NewSeed() => BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));

    /// <summary>The key's 128-bit fingerprint under <paramref name="seed"/>.</summary>
    public static UInt128 Fingerprint(string key, long seed) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(key.AsSpan()), seed);

    // 96 bits of the fingerprint; never all zero, which marks an empty slot.
    private static (ulong High, uint Low) Split(UInt128 fingerprint)
    {
        var high = (ulong)(fingerprint >> 64);
        var low = (uint)fingerprint;
        return high == 0 && low == 0 ? (0, 1) : (high, low);
    }

    // The slot holding the fingerprint, or the empty one where it would go (linear probing; the table is never full).
    private static int Find(ulong[] highs, uint[] lows, ulong high, uint low)
    {
        var mask = highs.Length - 1;
        var slot = (int)(high & (ulong)mask);
        while ((highs[slot] != 0 || lows[slot] != 0) && (highs[slot] != high || lows[slot] != low))
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    private void Grow()
    {
        var highs = new ulong[_high.Length * 2];
        var lows = new uint[_low.Length * 2];
        for (var i = 0; i < _high.Length; i++)
        {
            if (_high[i] != 0 || _low[i] != 0)
            {
                var slot = Find(highs, lows, _high[i], _low[i]);
                (highs[slot], lows[slot]) = (_high[i], _low[i]);
            }
        }

        (_high, _low) = (highs, lows);
    }
}
