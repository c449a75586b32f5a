using System.Collections.Immutable;

namespace Chariot.Capabilities.Defender.Testing.Data;

/// <summary>
/// What the tenant knows: machines, CVEs and vulnerability rows (lazy sources), alerts (in memory), and the
/// changes made since it was created. Reads never block on writes: changes swap immutable collections.
/// </summary>
internal sealed class TenantData
{
    private readonly Lock _gate = new();
    private readonly Func<string, long?> _findMachineIndex;
    private ImmutableList<StoredAlert> _alerts;
    private ImmutableList<FakeVulnerabilityRow> _addedRows = [];
    private ImmutableHashSet<(string DeviceId, string CveId)> _fixed = [];
    private ImmutableHashSet<string> _fixedRows = ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal);
    private ImmutableList<VulnerabilityChange> _changes = [];
    private ImmutableList<FakeMachine> _addedMachines = [];
    private ImmutableHashSet<string> _removedMachines = ImmutableHashSet<string>.Empty.WithComparer(StringComparer.OrdinalIgnoreCase);

    public TenantData(
        IIndexedSource<FakeMachine> machines,
        Func<string, long?> findMachineIndex,
        IIndexedSource<FakeCve> cves,
        IIndexedSource<FakeVulnerabilityRow> rows,
        Func<string, IEnumerable<long>> deviceRows,
        IEnumerable<StoredAlert> alerts,
        DateTimeOffset generatedAt)
    {
        BaseMachines = machines;
        _findMachineIndex = findMachineIndex;
        Cves = cves;
        BaseRows = rows;
        DeviceRows = deviceRows;
        _alerts = [.. alerts];
        GeneratedAt = generatedAt;
    }

    /// <summary>The machines generated with the tenant; <see cref="MachineAt"/> also sees those added and removed since.</summary>
    public IIndexedSource<FakeMachine> BaseMachines { get; }

    /// <summary>Machine positions: the generated machines, then those added; a removed one keeps its position.</summary>
    public long MachineSpace => BaseMachines.Count + _addedMachines.Count;

    /// <summary>The machine at a position, or null when it was removed (so listings skip it).</summary>
    public FakeMachine? MachineAt(long index)
    {
        var removed = _removedMachines;
        var machine = MachineEverAt(index);
        return removed.IsEmpty || !removed.Contains(machine.Id) ? machine : null;
    }

    /// <summary>The machine at a position, removed or not.</summary>
    public FakeMachine MachineEverAt(long index) =>
        index < BaseMachines.Count ? BaseMachines.Get(index) : _addedMachines[checked((int)(index - BaseMachines.Count))];

    public void AddMachine(FakeMachine machine)
    {
        lock (_gate)
        {
            _addedMachines = _addedMachines.Add(machine);
            _removedMachines = _removedMachines.Remove(machine.Id);
        }
    }

    public bool RemoveMachine(string id)
    {
        lock (_gate)
        {
            if (FindMachine(id) is null)
            {
                return false;
            }

            _removedMachines = _removedMachines.Add(id);
            return true;
        }
    }

    public IIndexedSource<FakeCve> Cves { get; }

    public IIndexedSource<FakeVulnerabilityRow> BaseRows { get; }

    /// <summary>Indexes of a device's base rows.</summary>
    public Func<string, IEnumerable<long>> DeviceRows { get; }

    /// <summary>Indexes of base rows for a (device, CVE) pair.</summary>
    public IEnumerable<long> FindRows(string deviceId, string cveId) =>
        DeviceRows(deviceId).Where(index => BaseRows.Get(index).CveId == cveId);

    /// <summary>The rows a device has now: its base rows and the rows added since, less the (device, CVE) pairs fixed.</summary>
    public IEnumerable<FakeVulnerabilityRow> CurrentRowsOf(string deviceId)
    {
        var (fixedPairs, fixedRows) = (_fixed, _fixedRows);
        return DeviceRows(deviceId).Select(BaseRows.Get)
            .Concat(_addedRows.Where(row => row.DeviceId == deviceId))
            .Where(row => !IsFixed(row, fixedPairs, fixedRows));
    }

    private static bool IsFixed(FakeVulnerabilityRow row, ImmutableHashSet<(string DeviceId, string CveId)> pairs, ImmutableHashSet<string> rows) =>
        row.CveId is not null && ((!pairs.IsEmpty && pairs.Contains((row.DeviceId, row.CveId))) || (!rows.IsEmpty && rows.Contains(row.Id)));

    public DateTimeOffset GeneratedAt { get; }

    public IReadOnlyList<StoredAlert> Alerts => _alerts;

    public IReadOnlyList<VulnerabilityChange> Changes => _changes;

    public long RowSpace => BaseRows.Count + _addedRows.Count;

    public FakeMachine? FindMachine(string id)
    {
        var (added, removed) = (_addedMachines, _removedMachines);
        if (!removed.IsEmpty && removed.Contains(id))
        {
            return null;
        }

        return _findMachineIndex(id) is { } index && index < BaseMachines.Count ? BaseMachines.Get(index)
            : added.Find(machine => string.Equals(machine.Id, id, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Row at a position of the row space, or null when it was fixed (so pages skip it).</summary>
    public FakeVulnerabilityRow? RowAt(long index)
    {
        var added = _addedRows;
        var row = index < BaseRows.Count ? BaseRows.Get(index) : added[checked((int)(index - BaseRows.Count))];
        return IsFixed(row, _fixed, _fixedRows) ? null : row;
    }

    public void AddAlert(StoredAlert alert)
    {
        lock (_gate)
        {
            _alerts = _alerts.Add(alert);
        }
    }

    public bool ReplaceAlert(string id, Func<StoredAlert, StoredAlert> change)
    {
        lock (_gate)
        {
            var index = _alerts.FindIndex(stored => stored.Alert.Id == id);
            if (index < 0)
            {
                return false;
            }

            _alerts = _alerts.SetItem(index, change(_alerts[index]));
            return true;
        }
    }

    public void AddRow(FakeVulnerabilityRow row, DateTimeOffset when)
    {
        lock (_gate)
        {
            _addedRows = _addedRows.Add(row);
            if (row.CveId is not null)
            {
                _fixed = _fixed.Remove((row.DeviceId, row.CveId));
            }

            _fixedRows = _fixedRows.Remove(row.Id);

            _changes = _changes.Add(new VulnerabilityChange(row, "New", when));
        }
    }

    public int Fix(string deviceId, string cveId, DateTimeOffset when)
    {
        lock (_gate)
        {
            var rows = FindRows(deviceId, cveId).Select(BaseRows.Get)
                .Concat(_addedRows.Where(row => row.DeviceId == deviceId && row.CveId == cveId))
                .DistinctBy(row => row.Id)
                .ToList();
            if (rows.Count == 0 || _fixed.Contains((deviceId, cveId)))
            {
                return 0;
            }

            _fixed = _fixed.Add((deviceId, cveId));
            _changes = _changes.AddRange(rows.Select(row => new VulnerabilityChange(row, "Fixed", when)));
            return rows.Count;
        }
    }

    public bool FixRow(string rowId, DateTimeOffset when)
    {
        lock (_gate)
        {
            var row = Enumerable.Range(0, checked((int)RowSpace)).Select(i => RowAt(i)).FirstOrDefault(r => r?.Id == rowId);
            if (row?.CveId is null)
            {
                return false;
            }

            _fixedRows = _fixedRows.Add(rowId);
            _changes = _changes.Add(new VulnerabilityChange(row, "Fixed", when));
            return true;
        }
    }

    public void RecordUpdate(FakeVulnerabilityRow row, DateTimeOffset when)
    {
        lock (_gate)
        {
            _changes = _changes.Add(new VulnerabilityChange(row, "Updated", when));
        }
    }
}
