namespace Chariot.Capabilities.Defender.Devices;

/// <summary>
/// Values (machine indexes, or -1) by a 32-bit hash, open addressing over a table of 8-byte slots kept at most seven
/// eighths full; many values may share a hash (the caller tells them apart by their text).
/// </summary>
/// <remarks>
/// Seven eighths, not three quarters: a directory of 100,000 machines keeps two of these, 1 MB each instead of 2 MB
/// (a 100,000-device tenant peaked 2 MB of live heap higher). A lookup that finds its machine (one per record read)
/// probes about 4.5 slots at that load, within one or two cache lines.
/// </remarks>
internal sealed class HashIndex
{
    private Slot[] _slots = new Slot[64];
    private int _used;

    public void Add(int hash, int value)
    {
        if ((_used + 1) * 8 > _slots.Length * 7)
        {
            Grow();
        }

        Place(_slots, Slot.Of(hash, value));
        _used++;
    }

    /// <summary>Slots in the table (8 bytes each).</summary>
    public int Capacity => _slots.Length;

    public void Set(int slot, int value) => _slots[slot] = Slot.Of(_slots[slot].Hash, value);

    /// <summary>The first slot holding a value stored under <paramref name="hash"/>, or -1 (then <see cref="Next"/>).</summary>
    public int First(int hash) => Find(hash, Home(hash, _slots.Length));

    /// <summary>The next slot after <paramref name="slot"/> holding a value stored under <paramref name="hash"/>, or -1.</summary>
    public int Next(int hash, int slot) => Find(hash, (slot + 1) & (_slots.Length - 1));

    /// <summary>The value in a slot (-1: a host whose machines all moved away).</summary>
    public int ValueAt(int slot) => _slots[slot].Value;

    // Probing by index, not by an iterator: a lookup allocates nothing.
    private int Find(int hash, int from)
    {
        for (var i = from; _slots[i].Taken; i = (i + 1) & (_slots.Length - 1))
        {
            if (_slots[i].Hash == hash)
            {
                return i;
            }
        }

        return -1;
    }

    private static int Home(int hash, int length) => (int)((uint)hash & (uint)(length - 1));

    private static void Place(Slot[] slots, Slot slot)
    {
        var i = Home(slot.Hash, slots.Length);
        while (slots[i].Taken)
        {
            i = (i + 1) & (slots.Length - 1);
        }

        slots[i] = slot;
    }

    private void Grow()
    {
        var grown = new Slot[_slots.Length * 2];
        foreach (var slot in _slots)
        {
            if (slot.Taken)
            {
                Place(grown, slot);
            }
        }

        _slots = grown;
    }

    // The value is kept plus 2, so a default slot (0) is free and a value of -1 (a host whose machines all moved) is not.
    private readonly record struct Slot(int Hash, int Stored)
    {
        public static Slot Of(int hash, int value) => new(hash, value + 2);

        public bool Taken => Stored != 0;

        public int Value => Stored - 2;
    }
}
