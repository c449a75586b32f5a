using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Data.Generation;

namespace Chariot.Capabilities.Defender.Testing;

/// <summary>Reading and changing the tenant's data, so incremental syncs have something to find.</summary>
public sealed partial class FakeDefenderTenant
{
    /// <summary>The alerts as they are now, newest first.</summary>
    public IReadOnlyList<FakeAlert> Alerts =>
        [.. _data.Alerts.Select(stored => stored.Alert).OrderByDescending(alert => alert.CreatedDateTime).ThenBy(alert => alert.Id, StringComparer.Ordinal)];

    /// <summary>Number of machine positions: the generated machines and those added, removed ones included.</summary>
    public long MachineCount => _data.MachineSpace;

    /// <summary>Machine at a position (generated on demand for large tenants), removed or not.</summary>
    public FakeMachine Machine(long index) => _data.MachineEverAt(index);

    /// <summary>
    /// The machines internet facing now (their latest full <c>DeviceInfo</c> report says so), with how, as advanced
    /// hunting serves them; machines flagged only in an older report are not among them.
    /// </summary>
    public IReadOnlyList<FakeExposure> InternetFacingDevices()
    {
        var exposures = new List<FakeExposure>();
        for (long index = 0; index < _data.MachineSpace; index++)
        {
            if (_data.MachineAt(index) is { } machine && Hunting.DeviceInfoTable.Now(machine) is { } exposure)
            {
                exposures.Add(exposure);
            }
        }

        return exposures;
    }

    /// <summary>Adds a machine (onboarded since the last sync): listed after the others, found by id.</summary>
    public void AddMachine(FakeMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        _data.AddMachine(machine);
    }

    /// <summary>
    /// Removes a machine (offboarded, or gone past Defender's retention): no longer listed, and its id answers 404. Its
    /// vulnerability rows and alerts stay, as they do in Defender until they age out.
    /// </summary>
    /// <returns>False when no listed machine has that id.</returns>
    public bool RemoveMachine(string id) => _data.RemoveMachine(id);

    /// <summary>Number of vulnerability row positions, fixed rows included.</summary>
    public long VulnerabilityRowCount => _data.RowSpace;

    /// <summary>Row at a position, or null when it has been fixed.</summary>
    public FakeVulnerabilityRow? VulnerabilityRow(long index) => _data.RowAt(index);

    /// <summary>Number of CVE catalogue entries.</summary>
    public long CveCount => _data.Cves.Count;

    /// <summary>CVE catalogue entry at a position.</summary>
    public FakeCve Cve(long index) => _data.Cves.Get(index);

    /// <summary>Adds an alert with the given times (ties on lastUpdateDateTime are allowed, as in real tenants).</summary>
    public void AddAlert(FakeAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var document = AlertDocuments.Build(alert, Options.TenantId, _data.FindMachine, _data.Alerts.Count);
        _data.AddAlert(new StoredAlert(alert, document));
    }

    /// <summary>
    /// Changes an alert. Unless the change sets <see cref="FakeAlert.LastUpdateDateTime"/> itself, it becomes the
    /// tenant clock's now, as Graph stamps every change.
    /// </summary>
    public bool UpdateAlert(string id, Func<FakeAlert, FakeAlert> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var now = TimeProvider.GetUtcNow();
        return _data.ReplaceAlert(id, stored =>
        {
            var changed = change(stored.Alert);
            if (changed.LastUpdateDateTime == stored.Alert.LastUpdateDateTime)
            {
                changed = changed with { LastUpdateDateTime = now };
            }

            return stored with { Alert = changed };
        });
    }

    /// <summary>Marks a CVE fixed on a device: its rows leave the by-machine data and export, and Fixed events appear in the changes.</summary>
    /// <returns>The number of rows fixed (0 when none matched or they were already fixed).</returns>
    public int FixVulnerability(string deviceId, string cveId) => _data.Fix(deviceId, cveId, TimeProvider.GetUtcNow());

    /// <summary>
    /// Fixes one software row (say one of two browsers carrying the same CVE was updated): only that row leaves the data,
    /// and one Fixed event appears in the changes; the CVE stays on the machine through its other rows.
    /// </summary>
    /// <returns>False when no current row with a CVE has that id.</returns>
    public bool FixVulnerabilityRow(string rowId) => _data.FixRow(rowId, TimeProvider.GetUtcNow());

    /// <summary>Adds a vulnerability row; it appears at the end of the row data and as a New event in the changes.</summary>
    public void AddVulnerability(FakeVulnerabilityRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        _data.AddRow(row, TimeProvider.GetUtcNow());
    }

    /// <summary>Records an Updated event for a row (e.g. its severity changed), as the changes endpoint reports it.</summary>
    public void RecordVulnerabilityUpdate(FakeVulnerabilityRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        _data.RecordUpdate(row, TimeProvider.GetUtcNow());
    }
}
