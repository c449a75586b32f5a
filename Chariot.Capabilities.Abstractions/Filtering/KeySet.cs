using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Chariot.Capabilities.Filtering;

/// <summary>
/// The keys a job has sent, held as 128-bit fingerprints in one flat table of at most two slots a key: a million keys
/// cost 32 MB rather than the strings' hundreds, and growing it leaves one array behind.
/// </summary>
/// <remarks>
/// The fingerprint is XXH3-128 of the key's UTF-16 text under a secret seed drawn for each set, so no tenant data can be
/// crafted to collide; two distinct keys share one with a chance of about n²/2¹²⁹ in a job of n keys, out of reach.
/// </remarks>
internal sealed class KeySet
{
    private const int InitialSlots = 1024;

    private readonly long _seed = NewSeed();
    private UInt128[] _slots = new UInt128[InitialSlots];

    public int Count { get; private set; }

    /// <summary>Adds the key; false when it was there already.</summary>
    public bool Add(string key)
    {
        var fingerprint = Fingerprint(key, _seed);
        var slot = Find(_slots, fingerprint);
        if (_slots[slot] == fingerprint)
        {
            return false;
        }

        _slots[slot] = fingerprint;
        if (++Count > _slots.Length / 4 * 3)
        {
            Grow();
        }

        return true;
    }

    public bool Contains(string key)
    {
        var fingerprint = Fingerprint(key, _seed);
        return _slots[Find(_slots, fingerprint)] == fingerprint;
    }

    /// <summary>A seed for <see cref="Fingerprint"/>, secret to this process.</summary>
    public static long NewSeed() => BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));

    /// <summary>The key's fingerprint under <paramref name="seed"/>; never zero (zero marks an empty slot).</summary>
    public static UInt128 Fingerprint(string key, long seed) =>
        XxHash128.HashToUInt128(MemoryMarshal.AsBytes(key.AsSpan()), seed) is var hash && hash != UInt128.Zero ? hash : UInt128.One;

    // The slot holding the fingerprint, or the empty one where it would go (linear probing; the table is never full).
    private static int Find(UInt128[] slots, UInt128 fingerprint)
    {
        var mask = slots.Length - 1;
        var slot = (int)((ulong)(fingerprint >> 64) & (ulong)mask);
        while (slots[slot] != UInt128.Zero && slots[slot] != fingerprint)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    private void Grow()
    {
        var larger = new UInt128[_slots.Length * 2];
        foreach (var fingerprint in _slots)
        {
            if (fingerprint != UInt128.Zero)
            {
                larger[Find(larger, fingerprint)] = fingerprint;
            }
        }

        _slots = larger;
    }
}
