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
    // Rows of one device come together, so a few hundred machines looked up lately answer nearly every row. Not more: an
    // entry (its id and host) then outlived a few collections and died in gen2 (4,096 of them put about 20 MB of garbage
    // into gen2 over a 100,000-device sync; 256 took the peak resident from 147 to 140-144 MB at the same speed).
    private const int CacheSize = 256;

    private readonly DeviceRecords _file;

    // By machine index: where its record is, and the next machine of the same host (-1: none).
    private readonly Chunks<long> _records = new();
    private readonly Chunks<int> _nextOfHost = new();

    // Machine index by a hash of the id (case aside); first machine of a host by a hash of the host.
    private readonly HashIndex _byId = new();
    private readonly HashIndex _byHost = new();

    // Host names read lately, one slot per hash of the machine id asked: a slot is replaced whole, so readers on other
    // threads see one pair or the other, never half of each.
    private readonly CachedHost?[] _hosts = new CachedHost?[CacheSize];

    // Machines listed but left out by the sync (excluded, merged): their rows and evidence are left out too. Few.
    private readonly HashSet<string> _leftOut = new(StringComparer.OrdinalIgnoreCase);

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
        _file = new DeviceRecords(directory);
    }

    public int Count => _records.Count;

    /// <summary>
    /// When a listing narrowed to recent devices began (stale ones not asked for); null when it asked for every device. A
    /// machine a narrowed listing did not return is out of scope, where a whole listing leaves a machine it does not know
    /// to the host name its own records give.
    /// </summary>
    public DateTimeOffset? NarrowedAt { get; set; }

    /// <summary>
    /// Whether the listing was narrowed to a scope (tags, groups, platforms, onboarding): a machine it did not return is then
    /// out of scope, whatever its records show.
    /// </summary>
    public bool Scoped { get; set; }

    /// <summary>A machine the listing returned and the sync leaves out, its risks with it.</summary>
    public void LeaveOut(string machineId)
    {
        ArgumentNullException.ThrowIfNull(machineId);
        lock (_lock)
        {
            _leftOut.Add(machineId);
        }
    }

    /// <summary>
    /// Whether the records of <paramref name="machineId"/> are left out: a machine the sync left out, one a scoped listing
    /// did not return, or one a listing narrowed to recent devices did not return, unless the record itself shows the
    /// machine alive after that listing began (<paramref name="aliveAt"/>: an alert raised on it then; the machine may be
    /// newer than the listing). A record without a machine id is not left out: its host name places it.
    /// </summary>
    public bool LeavesOut(string? machineId, DateTimeOffset? aliveAt = null)
    {
        // The set is filled by the device stream before any reader asks: a directory that leaves nothing out answers at once.
        if (string.IsNullOrWhiteSpace(machineId) || (NarrowedAt is null && !Scoped && _leftOut.Count == 0) || HostOf(machineId) is not null)
        {
            return false;
        }

        lock (_lock)
        {
            return Scoped || _leftOut.Contains(machineId) || (NarrowedAt is { } listed && !(aliveAt >= listed));
        }
    }

    /// <summary>A machine, the host its asset carries and the asset's name (by default the host: the key is then found from the host alone).</summary>
    public void Add(string machineId, string host, string? assetName = null)
    {
        ArgumentNullException.ThrowIfNull(machineId);
        ArgumentNullException.ThrowIfNull(host);
        var name = assetName ?? host;
        lock (_lock)
        {
            var machine = FindMachine(machineId);
            string id = machineId;
            if (machine >= 0)
            {
                var record = _file.Read(_records[machine]);
                if (record.Host == host)
                {
                    if (record.Name != name)
                    {
                        _records[machine] = _file.Append(record.Id, host, name); // its address changed between pages
                    }

                    return;
                }

                // A machine whose name changed between pages: out of its old host's list, its first spelling kept.
                Unlink(machine, record.Host);
                id = record.Id;
                _records[machine] = _file.Append(id, host, name);
                Array.Clear(_hosts);
            }
            else
            {
                machine = _records.Add(_file.Append(machineId, host, name));
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

    /// <summary>The host and name of the machine's asset (its key is <c>#asset#{host}#{name}</c>); null for a machine not listed.</summary>
    public (string Host, string Name)? AssetOf(string machineId)
    {
        ArgumentNullException.ThrowIfNull(machineId);
        lock (_lock)
        {
            var machine = FindMachine(machineId);
            if (machine < 0)
            {
                return null;
            }

            var record = _file.Read(_records[machine]);
            return (record.Host, record.Name);
        }
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
}
