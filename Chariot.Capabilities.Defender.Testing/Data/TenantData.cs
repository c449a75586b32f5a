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
    private ImmutableList<VulnerabilityChange> _changes = [];

    public TenantData(
        IIndexedSource<FakeMachine> machines,
        Func<string, long?> findMachineIndex,
        IIndexedSource<FakeCve> cves,
        IIndexedSource<FakeVulnerabilityRow> rows,
        Func<string, string, IEnumerable<long>> findRows,
        IEnumerable<StoredAlert> alerts,
        DateTimeOffset generatedAt)
    {
        Machines = machines;
        _findMachineIndex = findMachineIndex;
        Cves = cves;
        BaseRows = rows;
        FindRows = findRows;
        _alerts = [.. alerts];
        GeneratedAt = generatedAt;
    }

    public IIndexedSource<FakeMachine> Machines { get; }

    public IIndexedSource<FakeCve> Cves { get; }

    public IIndexedSource<FakeVulnerabilityRow> BaseRows { get; }

    /// <summary>Indexes of base rows for a (device, CVE) pair.</summary>
    public Func<string, string, IEnumerable<long>> FindRows { get; }

    public DateTimeOffset GeneratedAt { get; }

    public IReadOnlyList<StoredAlert> Alerts => _alerts;

    public IReadOnlyList<VulnerabilityChange> Changes => _changes;

    public long RowSpace => BaseRows.Count + _addedRows.Count;

    public FakeMachine? FindMachine(string id) =>
        _findMachineIndex(id) is { } index && index < Machines.Count ? Machines.Get(index) : null;

    /// <summary>Row at a position of the row space, or null when it was fixed (so pages skip it).</summary>
    public FakeVulnerabilityRow? RowAt(long index)
    {
        var added = _addedRows;
        var row = index < BaseRows.Count ? BaseRows.Get(index) : added[checked((int)(index - BaseRows.Count))];
        var fixedPairs = _fixed;
        return row.CveId is not null && !fixedPairs.IsEmpty && fixedPairs.Contains((row.DeviceId, row.CveId)) ? null : row;
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

    public void RecordUpdate(FakeVulnerabilityRow row, DateTimeOffset when)
    {
        lock (_gate)
        {
            _changes = _changes.Add(new VulnerabilityChange(row, "Updated", when));
        }
    }
}
