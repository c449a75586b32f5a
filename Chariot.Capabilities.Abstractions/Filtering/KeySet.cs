using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Chariot.Capabilities.Filtering;

/// <summary>
/// The keys a job has sent, held as 96-bit fingerprints (12 bytes each) in 256 open-addressing tables chosen by the
/// fingerprint's top byte. Each table grows by half when it is three quarters full, one at a time, so the set keeps
/// 1.3 to 2 slots a key and never holds a whole second copy of itself while it grows: a million keys cost 16 to 24 MB
/// rather than the strings' hundreds.
/// </summary>
/// <remarks>
/// The fingerprint is 96 bits of XXH3-128 of the key's UTF-16 text under a secret seed drawn for each set, so no tenant
/// data can be crafted to collide; two distinct keys share one with a chance of about n²/2⁹⁷ in a job of n keys (about
/// 6 in a quintillion for a million keys), out of reach.
/// </remarks>
internal sealed class KeySet
{
    private const int SegmentBits = 8;

    private readonly long _seed = NewSeed();
    private readonly Segment[] _segments = new Segment[1 << SegmentBits];

    public KeySet()
    {
        for (var i = 0; i < _segments.Length; i++)
        {
            _segments[i] = new Segment();
        }
    }

    public int Count { get; private set; }

    /// <summary>Slots held across all tables (each 12 bytes).</summary>
    internal long Slots => _segments.Sum(s => (long)s.Length);

    /// <summary>Adds the key; false when it was there already.</summary>
    public bool Add(string key)
    {
        var (high, low) = Split(Fingerprint(key, _seed));
        if (!SegmentOf(high).Add(high, low))
        {
            return false;
        }

        Count++;
        return true;
    }

    public bool Contains(string key)
    {
        var (high, low) = Split(Fingerprint(key, _seed));
        return SegmentOf(high).Contains(high, low);
    }

    /// <summary>A seed for <see cref="Fingerprint"/>, secret to this process.</summary>
    public static long NewSeed() => BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));

    /// <summary>The key's 128-bit fingerprint under <paramref name="seed"/>.</summary>
    public static UInt128 Fingerprint(string key, long seed) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(key.AsSpan()), seed);

    private Segment SegmentOf(ulong high) => _segments[(int)(high >> (64 - SegmentBits))];

    // 96 bits of the fingerprint; never all zero, which marks an empty slot.
    private static (ulong High, uint Low) Split(UInt128 fingerprint)
    {
        var high = (ulong)(fingerprint >> 64);
        var low = (uint)fingerprint;
        return high == 0 && low == 0 ? (0, 1) : (high, low);
    }

    /// <summary>One table: linear probing from a home slot picked by 32 bits the segment choice does not use.</summary>
    private sealed class Segment
    {
        private const int InitialSlots = 16;

        private ulong[] _high = new ulong[InitialSlots];
        private uint[] _low = new uint[InitialSlots];
        private int _count;

        public int Length => _high.Length;

        public bool Add(ulong high, uint low)
        {
            var slot = Find(_high, _low, high, low);
            if (_high[slot] == high && _low[slot] == low)
            {
                return false;
            }

            (_high[slot], _low[slot]) = (high, low);
            if (++_count > _high.Length / 4 * 3)
            {
                Grow();
            }

            return true;
        }

        public bool Contains(ulong high, uint low)
        {
            var slot = Find(_high, _low, high, low);
            return _high[slot] == high && _low[slot] == low;
        }

        // The slot holding the fingerprint, or the empty one where it would go (the table is never full).
        private static int Find(ulong[] highs, uint[] lows, ulong high, uint low)
        {
            var slot = (int)(((high >> 16) & uint.MaxValue) * (ulong)highs.Length >> 32);
            while ((highs[slot] != 0 || lows[slot] != 0) && (highs[slot] != high || lows[slot] != low))
            {
                slot = slot + 1 == highs.Length ? 0 : slot + 1;
            }

            return slot;
        }

        private void Grow()
        {
            var length = _high.Length + (_high.Length / 2);
            var highs = new ulong[length];
            var lows = new uint[length];
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
}
