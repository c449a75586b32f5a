using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Chariot.Capabilities.Filtering;

/// <summary>
/// The keys a job has sent, held as 96-bit fingerprints (12 bytes each): the latest ones in memory, in 256
/// open-addressing tables chosen by the fingerprint's top byte, and, past <see cref="DefaultMemoryKeys"/> of them,
/// in sorted runs on disk, each found through a Bloom filter and a sparse index kept in memory. So a job's memory for
/// its keys stays about level however large the tenant: 98,304 keys in memory (1.9 MB) and 10 bits a key on disk
/// (1.25 MB for a million keys) where all in memory took 16 to 24 MB.
/// </summary>
/// <remarks>
/// <para>
/// The fingerprint is 96 bits of XXH3-128 of the key's UTF-16 text under a secret seed drawn for each set, so no tenant
/// data can be crafted to collide; two distinct keys share one with a chance of about n²/2⁹⁷ in a job of n keys (about
/// 6 in a quintillion for a million keys), out of reach.
/// </para>
/// <para>
/// A run is written when the tables hold <see cref="DefaultMemoryKeys"/>; a run is merged with the one before while it
/// is as large, so a job of n keys keeps at most log₂(n / 98,304) + 1 runs and a key is looked up on disk only when a
/// Bloom filter answers "maybe" for a key it does not hold (about 1.5% of the time per run) or the key was sent before.
/// The runs are temporary files in <see cref="Path.GetTempPath"/>, removed from the directory as soon as they are
/// opened (on Windows, when closed), so nothing is left behind even when the process is killed.
/// </para>
/// </remarks>
internal sealed class KeySet : IDisposable
{
    /// <summary>How many keys the in-memory tables hold before they are written out as a run.</summary>
    /// <remarks>
    /// 384 a table on average (19.6 either way), so a table seldom outgrows 609 slots (456 keys, three quarters): about one
    /// fill in 25 grows one table to 913, and the tables take 1.9 MB. At 131,072 keys (512 a table) nearly every table had
    /// grown to 913 slots, 2.8 MB, for a third more keys, and a large tenant's sync kept them to its end.
    /// </remarks>
    public const int DefaultMemoryKeys = 98_304;

    private const int SegmentBits = 8;

    private readonly long _seed = NewSeed();
    private readonly Segment[] _segments = new Segment[1 << SegmentBits];
    private readonly int _memoryKeys;
    private readonly string _directory;
    private readonly List<SortedRun> _runs = [];
    private int _inMemory;
    private bool _disposed;

    public KeySet()
        : this(DefaultMemoryKeys, Path.GetTempPath())
    {
    }

    /// <param name="memoryKeys">Keys held in memory before they are written out as a run.</param>
    /// <param name="directory">Where the runs' temporary files go.</param>
    internal KeySet(int memoryKeys, string directory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(memoryKeys, 1);
        _memoryKeys = memoryKeys;
        _directory = directory;
        for (var i = 0; i < _segments.Length; i++)
        {
            _segments[i] = new Segment();
        }
    }

    public long Count { get; private set; }

    /// <summary>Slots held across the in-memory tables (each 12 bytes).</summary>
    internal long Slots => _segments.Sum(s => (long)s.Length);

    /// <summary>The runs on disk, by the keys each holds (oldest first).</summary>
    internal IReadOnlyList<long> Runs => [.. _runs.Select(r => r.Count)];

    /// <summary>Bytes kept in memory for the runs on disk (their Bloom filters and sparse indexes).</summary>
    internal long RunMemoryBytes => _runs.Sum(r => r.MemoryBytes);

    /// <summary>Bytes the set keeps in memory: its tables' slots and what finds the keys on disk.</summary>
    internal long MemoryBytes => (Slots * Fingerprint96.Size) + RunMemoryBytes;

    /// <summary>Adds the key; false when it was there already.</summary>
    public bool Add(string key)
    {
        var (high, low) = Split(Fingerprint(key, _seed));
        if (OnDisk(high, low) || !SegmentOf(high).Add(high, low))
        {
            return false;
        }

        Count++;
        if (++_inMemory >= _memoryKeys)
        {
            Spill();
        }

        return true;
    }

    public bool Contains(string key)
    {
        var (high, low) = Split(Fingerprint(key, _seed));
        return SegmentOf(high).Contains(high, low) || OnDisk(high, low);
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var run in _runs)
        {
            run.Dispose();
        }

        _runs.Clear();
    }

    /// <summary>A seed for <see cref="Fingerprint"/>, secret to this process.</summary>
    public static long NewSeed() => BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));

    /// <summary>The key's 128-bit fingerprint under <paramref name="seed"/>.</summary>
    public static UInt128 Fingerprint(string key, long seed) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(key.AsSpan()), seed);

    private bool OnDisk(ulong high, uint low)
    {
        foreach (var run in _runs)
        {
            if (run.Contains(high, low))
            {
                return true;
            }
        }

        return false;
    }

    // The tables' fingerprints in order (the top byte picks the table, so tables in turn, each sorted, are sorted) go to
    // a new run; then the newest runs are merged while the last is as large as the one before.
    private void Spill()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using (var writer = new RunWriter(_directory, _inMemory))
        {
            foreach (var segment in _segments)
            {
                segment.MoveSortedTo(writer);
            }

            _runs.Add(writer.Complete());
        }

        _inMemory = 0;
        while (_runs.Count >= 2 && _runs[^1].Count >= _runs[^2].Count)
        {
            var (older, newer) = (_runs[^2], _runs[^1]);
            using (var writer = new RunWriter(_directory, older.Count + newer.Count))
            {
                SortedRun.Merge(older, newer, writer);
                var merged = writer.Complete();
                _runs.RemoveRange(_runs.Count - 2, 2);
                _runs.Add(merged);
            }

            older.Dispose();
            newer.Dispose();
        }
    }

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

        /// <summary>Writes the fingerprints in order and empties the table, keeping its slots for the next ones.</summary>
        public void MoveSortedTo(RunWriter writer)
        {
            var held = new Fingerprint96[_count];
            var n = 0;
            for (var i = 0; i < _high.Length; i++)
            {
                if (_high[i] != 0 || _low[i] != 0)
                {
                    held[n++] = new Fingerprint96(_high[i], _low[i]);
                }
            }

            Array.Sort(held);
            foreach (var fingerprint in held)
            {
                writer.Append(fingerprint);
            }

            Array.Clear(_high);
            Array.Clear(_low);
            _count = 0;
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
