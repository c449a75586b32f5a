using System.Buffers;
using System.Text;

namespace Chariot.Capabilities.Defender.Devices;

/// <summary>
/// One device identity for the whole run: Defender machine id to the host name its asset carries, so vulnerability
/// rows and alert evidence land on the same host as the device's asset.
/// </summary>
/// <remarks>
/// Filled by the device stream before the other streams read it (readers may then run at the same time). Ids and host
/// names are kept as UTF-8 text, back to back in chunks under the large object heap's threshold (so growing leaves no
/// garbage there until a full collection), each found through a small open-addressing table of indexes: about 130
/// bytes a device (13 MB for 100,000 devices) where strings in dictionaries cost 260. A host name read back is decoded
/// once and kept in a small cache, since rows of one device tend to come together.
/// </remarks>
internal sealed class DeviceDirectory
{
    private const int CacheSize = 4096;

    private readonly TextIndex _machineIds;
    private readonly TextIndex _hostNames;

    // By machine index: its host and the next machine of that host; by host index: its first machine (-1: none).
    private readonly Chunks<MachineLinks> _machines = new();
    private readonly Chunks<int> _firstMachine = new();

    // Host names decoded lately, one slot per host index modulo the size; a slot is replaced whole, so readers on other
    // threads see one pair or the other, never half of each.
    private readonly CachedName?[] _names = new CachedName?[CacheSize];

    public DeviceDirectory()
    {
        var text = new TextChunks();
        _machineIds = new TextIndex(text, StringComparison.OrdinalIgnoreCase);
        _hostNames = new TextIndex(text, StringComparison.Ordinal);
    }

    public int Count => _machineIds.Count;

    public void Add(string machineId, string host)
    {
        var hostIndex = _hostNames.FindOrAdd(host, out var newHost);
        if (newHost)
        {
            _firstMachine.Add(-1);
        }

        var machine = _machineIds.FindOrAdd(machineId, out var newMachine);
        if (newMachine)
        {
            _machines.Add(new MachineLinks { Host = hostIndex });
        }
        else if (_machines[machine].Host == hostIndex)
        {
            return;
        }
        else
        {
            Unlink(machine);
            _machines[machine].Host = hostIndex;
        }

        _machines[machine].NextOfHost = _firstMachine[hostIndex];
        _firstMachine[hostIndex] = machine;
    }

    /// <summary>Every machine whose asset carries <paramref name="host"/> (two machines can share a host name).</summary>
    public IReadOnlyCollection<string> MachinesOf(string host)
    {
        var hostIndex = _hostNames.Find(host);
        var ids = new List<string>();
        for (var machine = hostIndex < 0 ? -1 : _firstMachine[hostIndex]; machine >= 0; machine = _machines[machine].NextOfHost)
        {
            ids.Add(_machineIds.Text(machine));
        }

        return ids;
    }

    public string? HostOf(string? machineId)
    {
        var machine = machineId is null ? -1 : _machineIds.Find(machineId);
        if (machine < 0)
        {
            return null;
        }

        var host = _machines[machine].Host;
        var cached = _names[host % CacheSize];
        if (cached is null || cached.Host != host)
        {
            cached = _names[host % CacheSize] = new CachedName(host, _hostNames.Text(host));
        }

        return cached.Name;
    }

    /// <summary>The host name as every stream writes it: lower case, without a trailing dot.</summary>
    public static string? NormalizeHost(string? name)
    {
        var trimmed = name?.Trim().TrimEnd('.');
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.ToLowerInvariant();
    }

    // Takes the machine out of its host's list (a machine whose name changed between pages).
    private void Unlink(int machine)
    {
        ref var first = ref _firstMachine[_machines[machine].Host];
        if (first == machine)
        {
            first = _machines[machine].NextOfHost;
            return;
        }

        for (var before = first; before >= 0; before = _machines[before].NextOfHost)
        {
            if (_machines[before].NextOfHost == machine)
            {
                _machines[before].NextOfHost = _machines[machine].NextOfHost;
                return;
            }
        }
    }

    private struct MachineLinks
    {
        public int Host;
        public int NextOfHost;
    }

    private sealed record CachedName(int Host, string Name);

    /// <summary>
    /// Distinct texts numbered 0, 1, 2... in the order added, found by their text under one comparison (open addressing
    /// over an int table kept at most half full).
    /// </summary>
    private sealed class TextIndex(TextChunks text, StringComparison comparison)
    {
        private readonly Chunks<Entry> _entries = new();

        // Index + 1 of an entry; 0 is empty.
        private int[] _table = new int[32];

        public int Count => _entries.Count;

        public int Find(string value) => Probe(value, string.GetHashCode(value, comparison), out _);

        public int FindOrAdd(string value, out bool added)
        {
            var hash = string.GetHashCode(value, comparison);
            var index = Probe(value, hash, out var slot);
            added = index < 0;
            if (!added)
            {
                return index;
            }

            index = _entries.Add(new Entry(text.Append(value), hash));
            if (_entries.Count * 2 > _table.Length)
            {
                Grow();
            }
            else
            {
                _table[slot] = index + 1;
            }

            return index;
        }

        public string Text(int index) => text.Text(_entries[index].Text);

        // The entry holding the text, or -1 with the empty slot where it would go.
        private int Probe(string value, int hash, out int slot)
        {
            for (slot = Home(hash, _table.Length); _table[slot] != 0; slot = Next(slot, _table.Length))
            {
                var index = _table[slot] - 1;
                if (_entries[index].Hash == hash && text.Equals(_entries[index].Text, value, comparison))
                {
                    return index;
                }
            }

            return -1;
        }

        // Twice the size, every entry placed again (the one just added included).
        private void Grow()
        {
            _table = new int[_table.Length * 2];
            for (var index = 0; index < _entries.Count; index++)
            {
                var slot = Home(_entries[index].Hash, _table.Length);
                while (_table[slot] != 0)
                {
                    slot = Next(slot, _table.Length);
                }

                _table[slot] = index + 1;
            }
        }

        private static int Home(int hash, int length) => (int)((uint)hash & (uint)(length - 1));

        private static int Next(int slot, int length) => (slot + 1) & (length - 1);

        private readonly record struct Entry(TextRef Text, int Hash);
    }

    /// <summary>UTF-8 texts back to back in 64 KB chunks (small object heap); a text never spans two chunks.</summary>
    private sealed class TextChunks
    {
        // Under 85,000 bytes: small object heap.
        private const int ChunkSize = 64 * 1024;

        private readonly List<byte[]> _chunks = [];
        private int _used;

        // A text longer than a chunk gets a chunk of its own size.
        public TextRef Append(string value)
        {
            var length = Encoding.UTF8.GetByteCount(value);
            if (_chunks.Count == 0 || _used + length > _chunks[^1].Length)
            {
                _chunks.Add(new byte[Math.Max(ChunkSize, length)]);
                _used = 0;
            }

            var text = new TextRef(_chunks.Count - 1, _used, length);
            Encoding.UTF8.GetBytes(value, _chunks[^1].AsSpan(_used));
            _used += length;
            return text;
        }

        public string Text(TextRef text) => Encoding.UTF8.GetString(_chunks[text.Chunk], text.Offset, text.Length);

        public bool Equals(TextRef text, string value, StringComparison comparison)
        {
            var bytes = _chunks[text.Chunk].AsSpan(text.Offset, text.Length);
            char[]? rented = null;
            var chars = bytes.Length <= 256 ? stackalloc char[bytes.Length] : (rented = ArrayPool<char>.Shared.Rent(bytes.Length));
            try
            {
                var written = Encoding.UTF8.GetChars(bytes, chars);
                return chars[..written].Equals(value, comparison);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<char>.Shared.Return(rented);
                }
            }
        }
    }

    private readonly record struct TextRef(int Chunk, int Offset, int Length);

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
