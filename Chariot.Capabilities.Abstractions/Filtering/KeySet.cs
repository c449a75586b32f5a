using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Chariot.Capabilities.Filtering;

/// <summary>
/// The keys a job has sent, held as 64-bit fingerprints in one flat table: 8 bytes a slot, at most two slots a key, so
/// a tenant of a million keys costs 16 MB rather than the strings' hundreds, and growing it leaves one array behind.
/// </summary>
/// <remarks>
/// The fingerprint is XXH3 of the key's UTF-16 text under a secret seed drawn for each set, so no tenant data can be
/// crafted to collide. Two distinct keys share a fingerprint with a chance of about n²/2⁶⁵ in a job of n keys (about
/// 3 in 100 million for a million keys); the later one would be taken for a duplicate in that job only, and the next
/// job, under another seed, sends it.
/// </remarks>
internal sealed class KeySet
{
    private const int InitialSlots = 1024;

    private readonly long _seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));
    private ulong[] _slots = new ulong[InitialSlots];

    public int Count { get; private set; }

    /// <summary>Adds the key; false when it was there already.</summary>
    public bool Add(string key)
    {
        var fingerprint = Fingerprint(key);
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
        var fingerprint = Fingerprint(key);
        return _slots[Find(_slots, fingerprint)] == fingerprint;
    }

    // The slot holding the fingerprint, or the empty one where it would go (linear probing; the table is never full).
    private static int Find(ulong[] slots, ulong fingerprint)
    {
        var mask = slots.Length - 1;
        var slot = (int)(fingerprint >> 32) & mask;
        while (slots[slot] != 0 && slots[slot] != fingerprint)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    private void Grow()
    {
        var larger = new ulong[_slots.Length * 2];
        foreach (var fingerprint in _slots)
        {
            if (fingerprint != 0)
            {
                larger[Find(larger, fingerprint)] = fingerprint;
            }
        }

        _slots = larger;
    }

    // Zero marks an empty slot, so no fingerprint is zero.
    private ulong Fingerprint(string key) =>
        XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key.AsSpan()), _seed) is var hash and not 0 ? hash : 1;
}
