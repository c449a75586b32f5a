using System.Buffers;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Chariot.Capabilities.Defender.Devices;

/// <summary>
/// One device identity for the whole run: Defender machine id to the host name its asset carries, so vulnerability
/// rows and alert evidence land on the same host as the device's asset.
/// </summary>
/// <remarks>
/// Filled by the device stream before the other streams read it (readers may then run at the same time). Each machine's
/// id and host name are written to a temporary file as they come (removed from the directory as soon as it is opened,
/// so nothing is left behind); memory keeps, per machine, where its record is and two small tables of hashes that find
/// a machine by its id and the machines of a host, about 40 bytes a device (4 MB for 100,000 devices, where keeping the
/// texts in memory took 13 MB and, with the collector's headroom, 20 MB of the process's peak). A record is read back
/// when a hash matches (then the text decides) and a host name once per machine looked up lately: rows of one device
/// come together.
/// </remarks>
internal sealed class DeviceDirectory : IDisposable
{
    private const int CacheSize = 4096;

    private readonly RecordFile _file;

    // By machine index: where its record is, and the next machine of the same host (-1: none).
    private readonly Chunks<long> _records = new();
    private readonly Chunks<int> _nextOfHost = new();

    // Machine index by a hash of the id (case aside); first machine of a host by a hash of the host.
    private readonly HashTable _byId = new();
    private readonly HashTable _byHost = new();

    // Host names read lately, one slot per hash of the machine id asked: a slot is replaced whole, so readers on other
    // threads see one pair or the other, never half of each.
    private readonly CachedHost?[] _hosts = new CachedHost?[CacheSize];

    // Reads and writes of the tables and the file's tail are one at a time (the device stream writes, several streams read).
    private readonly Lock _lock = new();

    /// <summary>A directory whose records go to a temporary file in <see cref="Path.GetTempPath"/>.</summary>
    public DeviceDirectory()
        : this(Path.GetTempPath())
    {
    }

    /// <summary>A directory whose records go to a temporary file in <paramref name="directory"/>.</summary>
    internal DeviceDirectory(string directory)
    {
        _file = new RecordFile(directory);
    }

    public int Count => _records.Count;

    public void Add(string machineId, string host)
    {
        ArgumentNullException.ThrowIfNull(machineId);
        ArgumentNullException.ThrowIfNull(host);
        lock (_lock)
        {
            var machine = FindMachine(machineId);
            string id = machineId;
            if (machine >= 0)
            {
                var record = _file.Read(_records[machine]);
                if (record.Host == host)
                {
                    return;
                }

                // A machine whose name changed between pages: out of its old host's list, its first spelling kept.
                Unlink(machine, record.Host);
                id = record.Id;
                _records[machine] = _file.Append(id, host);
                Array.Clear(_hosts);
            }
            else
            {
                machine = _records.Add(_file.Append(machineId, host));
                _nextOfHost.Add(-1);
                _byId.Add(IdHash(machineId), machine);
            }

            var first = FindFirstOfHost(host, out var slot);
            if (first >= 0)
            {
                _nextOfHost[machine] = first;
                _byHost.Set(slot, machine);
            }
            else
            {
                _nextOfHost[machine] = -1;
                _byHost.Add(HostHash(host), machine);
            }
        }
    }

    /// <summary>Every machine whose asset carries <paramref name="host"/> (two machines can share a host name).</summary>
    public IReadOnlyCollection<string> MachinesOf(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var ids = new List<string>();
        lock (_lock)
        {
            for (var machine = FindFirstOfHost(host, out _); machine >= 0; machine = _nextOfHost[machine])
            {
                ids.Add(_file.Read(_records[machine]).Id);
            }
        }

        return ids;
    }

    public string? HostOf(string? machineId)
    {
        if (machineId is null)
        {
            return null;
        }

        var hash = IdHash(machineId);
        var cacheSlot = (int)((uint)hash % CacheSize);
        if (Volatile.Read(ref _hosts[cacheSlot]) is { } cached && string.Equals(cached.Id, machineId, StringComparison.OrdinalIgnoreCase))
        {
            return cached.Host;
        }

        string? host = null;
        lock (_lock)
        {
            // One read of each candidate record: its id decides, its host is the answer.
            for (var slot = _byId.First(hash); slot >= 0 && host is null; slot = _byId.Next(hash, slot))
            {
                host = _file.HostIfId(_records[_byId.ValueAt(slot)], machineId);
            }
        }

        if (host is not null)
        {
            Volatile.Write(ref _hosts[cacheSlot], new CachedHost(machineId, host));
        }

        return host;
    }

    /// <summary>The host name as every stream writes it: lower case, without a trailing dot.</summary>
    public static string? NormalizeHost(string? name)
    {
        var trimmed = name?.Trim().TrimEnd('.');
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.ToLowerInvariant();
    }

    /// <summary>Closes the temporary file (already gone from its directory where the system allows).</summary>
    public void Dispose() => _file.Dispose();

    private static int IdHash(string machineId) => string.GetHashCode(machineId, StringComparison.OrdinalIgnoreCase);

    private static int HostHash(string host) => string.GetHashCode(host, StringComparison.Ordinal);

    private int FindMachine(string machineId)
    {
        var hash = IdHash(machineId);
        for (var slot = _byId.First(hash); slot >= 0; slot = _byId.Next(hash, slot))
        {
            var machine = _byId.ValueAt(slot);
            if (_file.IdEquals(_records[machine], machineId))
            {
                return machine;
            }
        }

        return -1;
    }

    // The first machine of the host, with the table slot that holds it; -1 when the host has none.
    private int FindFirstOfHost(string host, out int slot)
    {
        var hash = HostHash(host);
        for (var at = _byHost.First(hash); at >= 0; at = _byHost.Next(hash, at))
        {
            var first = _byHost.ValueAt(at);
            if (first >= 0 && _file.HostEquals(_records[first], host))
            {
                slot = at;
                return first;
            }
        }

        slot = -1;
        return -1;
    }

    // Takes the machine out of its host's list.
    private void Unlink(int machine, string host)
    {
        var first = FindFirstOfHost(host, out var slot);
        if (first == machine)
        {
            _byHost.Set(slot, _nextOfHost[machine]); // -1 leaves the slot taken but empty: the host may come back
            return;
        }

        for (var before = first; before >= 0; before = _nextOfHost[before])
        {
            if (_nextOfHost[before] == machine)
            {
                _nextOfHost[before] = _nextOfHost[machine];
                return;
            }
        }
    }

    private sealed record CachedHost(string Id, string Host);

    /// <summary>
    /// Values (machine indexes, or -1) by a 32-bit hash, open addressing over a table of 8-byte slots kept at most three
    /// quarters full; many values may share a hash (the caller tells them apart by their text).
    /// </summary>
    private sealed class HashTable
    {
        private Slot[] _slots = new Slot[64];
        private int _used;

        public void Add(int hash, int value)
        {
            if ((_used + 1) * 4 > _slots.Length * 3)
            {
                Grow();
            }

            Place(_slots, Slot.Of(hash, value));
            _used++;
        }

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

    /// <summary>
    /// Machine records (id and host, each as its UTF-8 length and bytes) appended to a temporary file through a buffer;
    /// a record still in the buffer is read from there.
    /// </summary>
    private sealed class RecordFile : IDisposable
    {
        private const int BufferSize = 64 * 1024;
        private const int FirstRead = 256;
        private const int BlockSize = 4096;

        private readonly string _directory;
        private SafeFileHandle? _handle;
        private readonly byte[] _tail = new byte[BufferSize];
        private readonly byte[] _block = new byte[BlockSize];
        private long _blockStart = -1;
        private int _blockLength;
        private int _tailLength;
        private long _written;

        public RecordFile(string directory) => _directory = directory;

        public long Append(string id, string host)
        {
            var idBytes = Encoding.UTF8.GetByteCount(id);
            var hostBytes = Encoding.UTF8.GetByteCount(host);
            var length = 8 + idBytes + hostBytes;
            if (_tailLength + length > _tail.Length)
            {
                Flush();
            }

            var offset = _written + _tailLength;
            var record = length <= _tail.Length ? _tail.AsSpan(_tailLength, length) : new byte[length];
            BitConverter.TryWriteBytes(record, idBytes);
            Encoding.UTF8.GetBytes(id, record[4..]);
            BitConverter.TryWriteBytes(record[(4 + idBytes)..], hostBytes);
            Encoding.UTF8.GetBytes(host, record[(8 + idBytes)..]);
            if (length <= _tail.Length)
            {
                _tailLength += length;
            }
            else
            {
                RandomAccess.Write(Handle(), record, _written);
                _written += length;
            }

            return offset;
        }

        public (string Id, string Host) Read(long offset)
        {
            var bytes = Bytes(offset, out var rented);
            try
            {
                var idBytes = BitConverter.ToInt32(bytes);
                var hostBytes = BitConverter.ToInt32(bytes[(4 + idBytes)..]);
                return (Encoding.UTF8.GetString(bytes.Slice(4, idBytes)), Encoding.UTF8.GetString(bytes.Slice(8 + idBytes, hostBytes)));
            }
            finally
            {
                Return(rented);
            }
        }

        // Whether the record's id is the given one, case aside, without making a string of it.
        public bool IdEquals(long offset, string id)
        {
            var bytes = Bytes(offset, out var rented);
            try
            {
                return IdIs(bytes, id);
            }
            finally
            {
                Return(rented);
            }
        }

        // The record's host when its id is the given one, case aside; else null.
        public string? HostIfId(long offset, string id)
        {
            var bytes = Bytes(offset, out var rented);
            try
            {
                if (!IdIs(bytes, id))
                {
                    return null;
                }

                var idBytes = BitConverter.ToInt32(bytes);
                return Encoding.UTF8.GetString(bytes.Slice(8 + idBytes, BitConverter.ToInt32(bytes[(4 + idBytes)..])));
            }
            finally
            {
                Return(rented);
            }
        }

        private static bool IdIs(ReadOnlySpan<byte> record, string id)
        {
            var idBytes = BitConverter.ToInt32(record);
            if (idBytes < id.Length || idBytes > id.Length * 3)
            {
                return false; // a UTF-8 text of n characters has n to 3n bytes
            }

            char[]? rented = null;
            var text = idBytes <= 256 ? stackalloc char[idBytes] : (rented = ArrayPool<char>.Shared.Rent(idBytes));
            try
            {
                var written = Encoding.UTF8.GetChars(record.Slice(4, idBytes), text);
                return text[..written].Equals(id, StringComparison.OrdinalIgnoreCase);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<char>.Shared.Return(rented);
                }
            }
        }

        // Whether the record's host is the given one, without making a string of it.
        public bool HostEquals(long offset, string host)
        {
            var bytes = Bytes(offset, out var rented);
            try
            {
                var hostBytes = bytes[(4 + BitConverter.ToInt32(bytes))..];
                var text = hostBytes[4..];
                return text.Length == Encoding.UTF8.GetByteCount(host) && Utf8Equals(text, host);
            }
            finally
            {
                Return(rented);
            }
        }

        public void Dispose() => _handle?.Dispose();

        private static bool Utf8Equals(ReadOnlySpan<byte> utf8, string text)
        {
            byte[]? rented = null;
            var encoded = utf8.Length <= 256 ? stackalloc byte[utf8.Length] : (rented = ArrayPool<byte>.Shared.Rent(utf8.Length));
            try
            {
                return Encoding.UTF8.GetBytes(text, encoded) == utf8.Length && encoded[..utf8.Length].SequenceEqual(utf8);
            }
            finally
            {
                Return(rented);
            }
        }

        // The record's bytes: from the tail while it is there, else read from the file (a buffer rented when it is large).
        private ReadOnlySpan<byte> Bytes(long offset, out byte[]? rented)
        {
            rented = null;
            if (offset >= _written)
            {
                var at = (int)(offset - _written);
                return _tail.AsSpan(at, RecordLength(_tail.AsSpan(at)));
            }

            // Records are read back in about the order they were written (vulnerability rows come device by device, as the
            // devices did): one read of a block serves the records after it too.
            if (InBlock(offset) is { Length: > 0 } cached)
            {
                return cached;
            }

            _blockLength = ReadAt(_block, 0, _block.Length, offset);
            _blockStart = offset;
            if (InBlock(offset) is { Length: > 0 } read)
            {
                return read;
            }

            return Large(offset, out rented);
        }

        // The record at offset when the block read last holds all of it; else empty.
        private ReadOnlySpan<byte> InBlock(long offset)
        {
            var at = offset - _blockStart;
            if (_blockStart < 0 || at < 0 || at + 8 > _blockLength)
            {
                return default;
            }

            var block = _block.AsSpan((int)at, _blockLength - (int)at);
            var idBytes = BitConverter.ToInt32(block);
            if (idBytes < 0 || 8L + idBytes > block.Length)
            {
                return default;
            }

            var length = 8 + idBytes + BitConverter.ToInt32(block[(4 + idBytes)..]);
            return length <= block.Length ? block[..length] : default;
        }

        // A record larger than a block, read whole into a rented buffer.
        private ReadOnlySpan<byte> Large(long offset, out byte[]? rented)
        {
            rented = ArrayPool<byte>.Shared.Rent(FirstRead);
            var read = ReadAt(rented, 0, FirstRead, offset);
            var idBytes = read >= 4 ? BitConverter.ToInt32(rented) : throw Damaged();
            if (read < 8 + idBytes)
            {
                Grow(ref rented, 8 + idBytes, read);
                read += ReadAt(rented, read, 8 + idBytes - read, offset + read);
            }

            var length = 8 + idBytes + BitConverter.ToInt32(rented.AsSpan(4 + idBytes));
            if (read < length)
            {
                Grow(ref rented, length, read);
                ReadAt(rented, read, length - read, offset + read);
            }

            return rented.AsSpan(0, length);
        }

        // Reads up to count bytes (fewer only at the end of the file).
        private int ReadAt(byte[] buffer, int start, int count, long offset)
        {
            var read = 0;
            while (read < count)
            {
                var got = RandomAccess.Read(_handle!, buffer.AsSpan(start + read, count - read), offset + read);
                if (got == 0)
                {
                    break;
                }

                read += got;
            }

            return read;
        }

        private static void Grow(ref byte[] rented, int length, int kept)
        {
            var larger = ArrayPool<byte>.Shared.Rent(length);
            rented.AsSpan(0, kept).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(rented);
            rented = larger;
        }

        private static IOException Damaged() => new("The device directory's temporary file ended inside a record.");

        private static int RecordLength(ReadOnlySpan<byte> record)
        {
            var idBytes = BitConverter.ToInt32(record);
            return 8 + idBytes + BitConverter.ToInt32(record[(4 + idBytes)..]);
        }

        private static void Return(byte[]? rented)
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        private void Flush()
        {
            if (_tailLength > 0)
            {
                RandomAccess.Write(Handle(), _tail.AsSpan(0, _tailLength), _written);
                _written += _tailLength;
                _tailLength = 0;
            }
        }

        private SafeFileHandle Handle() => _handle ??= TemporaryFile.Open(_directory, "The device directory");
    }

    /// <summary>A growing list of structs in chunks of 2,048 (each under the large object heap's threshold).</summary>
    private sealed class Chunks<T>
        where T : struct
    {
        private const int Shift = 11;
        private readonly List<T[]> _chunks = [];

        public int Count { get; private set; }

        public ref T this[int index] => ref _chunks[index >> Shift][index & ((1 << Shift) - 1)];

        public int Add(T item)
        {
            if ((Count & ((1 << Shift) - 1)) == 0)
            {
                _chunks.Add(new T[1 << Shift]);
            }

            this[Count] = item;
            return Count++;
        }
    }
}
