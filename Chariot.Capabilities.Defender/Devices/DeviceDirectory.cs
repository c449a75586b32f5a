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
/// garbage there until a full collection), with two small open-addressing tables of indexes: about 130 bytes a device
/// (13 MB for 100,000 devices) where strings in dictionaries cost 260. A host name read back is decoded once and kept
/// in a small cache, since rows of one device tend to come together.
/// </remarks>
internal sealed class DeviceDirectory
{
    private const int CacheSize = 4096;

    // Under 85,000 bytes: small object heap.
    private const int TextChunk = 64 * 1024;

    private readonly List<byte[]> _text = [];
    private int _textLength;
    private readonly Chunks<Machine> _machines = new();
    private readonly Chunks<Host> _hosts = new();

    // Index + 1 of a machine (by its id, ignoring case) and of a host (by its name, ordinal); 0 is empty.
    private int[] _machineTable = new int[32];
    private int[] _hostTable = new int[32];

    // Host names decoded lately, one slot per host index modulo the size; a slot is replaced whole, so readers on other
    // threads see one pair or the other, never half of each.
    private readonly CachedName?[] _names = new CachedName?[CacheSize];

    public int Count => _machines.Count;

    public void Add(string machineId, string host)
    {
        var hostIndex = HostIndex(host, add: true);
        var machine = MachineIndex(machineId);
        if (machine >= 0)
        {
            if (_machines[machine].Host == hostIndex)
            {
                return;
            }

            Unlink(machine);
            _machines[machine].Host = hostIndex;
        }
        else
        {
            machine = AddMachine(machineId, hostIndex);
        }

        _machines[machine].NextOfHost = _hosts[hostIndex].FirstMachine;
        _hosts[hostIndex].FirstMachine = machine;
    }

    /// <summary>Every machine whose asset carries <paramref name="host"/> (two machines can share a host name).</summary>
    public IReadOnlyCollection<string> MachinesOf(string host)
    {
        var hostIndex = HostIndex(host, add: false);
        var ids = new List<string>();
        for (var machine = hostIndex < 0 ? -1 : _hosts[hostIndex].FirstMachine; machine >= 0; machine = _machines[machine].NextOfHost)
        {
            ids.Add(Text(_machines[machine].Text));
        }

        return ids;
    }

    public string? HostOf(string? machineId)
    {
        var machine = machineId is null ? -1 : MachineIndex(machineId);
        if (machine < 0)
        {
            return null;
        }

        var host = _machines[machine].Host;
        var cached = _names[host % CacheSize];
        if (cached is null || cached.Host != host)
        {
            cached = _names[host % CacheSize] = new CachedName(host, Text(_hosts[host].Text));
        }

        return cached.Name;
    }

    /// <summary>The host name as every stream writes it: lower case, without a trailing dot.</summary>
    public static string? NormalizeHost(string? name)
    {
        var trimmed = name?.Trim().TrimEnd('.');
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.ToLowerInvariant();
    }

    private int MachineIndex(string machineId)
    {
        var hash = string.GetHashCode(machineId, StringComparison.OrdinalIgnoreCase);
        for (var slot = Home(hash, _machineTable.Length); _machineTable[slot] != 0; slot = Next(slot, _machineTable.Length))
        {
            var machine = _machineTable[slot] - 1;
            if (_machines[machine].Hash == hash && Equals(_machines[machine].Text, machineId, StringComparison.OrdinalIgnoreCase))
            {
                return machine;
            }
        }

        return -1;
    }

    private int AddMachine(string machineId, int host)
    {
        var hash = string.GetHashCode(machineId, StringComparison.OrdinalIgnoreCase);
        var machine = _machines.Add(new Machine { Text = Append(machineId), Hash = hash, Host = host, NextOfHost = -1 });
        Place(ref _machineTable, machine, hash, _machines.Count, i => _machines[i].Hash);
        return machine;
    }

    private int HostIndex(string name, bool add)
    {
        var hash = string.GetHashCode(name, StringComparison.Ordinal);
        for (var slot = Home(hash, _hostTable.Length); _hostTable[slot] != 0; slot = Next(slot, _hostTable.Length))
        {
            var host = _hostTable[slot] - 1;
            if (_hosts[host].Hash == hash && Equals(_hosts[host].Text, name, StringComparison.Ordinal))
            {
                return host;
            }
        }

        if (!add)
        {
            return -1;
        }

        var index = _hosts.Add(new Host { Text = Append(name), Hash = hash, FirstMachine = -1 });
        Place(ref _hostTable, index, hash, _hosts.Count, i => _hosts[i].Hash);
        return index;
    }

    // Takes the machine out of its host's list (a machine whose name changed between pages).
    private void Unlink(int machine)
    {
        ref var first = ref _hosts[_machines[machine].Host].FirstMachine;
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

    // Puts an index in its table, growing the table to keep it at most half full.
    private static void Place(ref int[] table, int index, int hash, int count, Func<int, int> hashOf)
    {
        if (count * 2 > table.Length)
        {
            var grown = new int[table.Length * 2];
            foreach (var entry in table)
            {
                if (entry != 0)
                {
                    Insert(grown, entry - 1, hashOf(entry - 1));
                }
            }

            table = grown;
        }

        Insert(table, index, hash);
    }

    private static void Insert(int[] table, int index, int hash)
    {
        var slot = Home(hash, table.Length);
        while (table[slot] != 0)
        {
            slot = Next(slot, table.Length);
        }

        table[slot] = index + 1;
    }

    private static int Home(int hash, int length) => (int)((uint)hash & (uint)(length - 1));

    private static int Next(int slot, int length) => (slot + 1) & (length - 1);

    // A text never spans two chunks; one longer than a chunk gets a chunk of its own size.
    private TextRef Append(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        if (_text.Count == 0 || _textLength + length > _text[^1].Length)
        {
            _text.Add(new byte[Math.Max(TextChunk, length)]);
            _textLength = 0;
        }

        var text = new TextRef(_text.Count - 1, _textLength, length);
        Encoding.UTF8.GetBytes(value, _text[^1].AsSpan(_textLength));
        _textLength += length;
        return text;
    }

    private string Text(TextRef text) => Encoding.UTF8.GetString(_text[text.Chunk], text.Offset, text.Length);

    private bool Equals(TextRef text, string value, StringComparison comparison)
    {
        var bytes = _text[text.Chunk].AsSpan(text.Offset, text.Length);
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

    private sealed record CachedName(int Host, string Name);

    private struct Machine
    {
        public TextRef Text;
        public int Hash;
        public int Host;
        public int NextOfHost;
    }

    private struct Host
    {
        public TextRef Text;
        public int Hash;
        public int FirstMachine;
    }
}
