using Chariot.Capabilities.Defender.Testing.Data.Generation;

namespace Chariot.Capabilities.Defender.Testing.Data;

/// <summary>Builds a consistent generated tenant: the same device ids in machines, alert evidence and vulnerability rows.</summary>
internal static class GeneratedTenant
{
    public static TenantData Create(FakeDefenderTenantOptions options)
    {
        var anchor = TruncateToSeconds(options.TimeProvider.GetUtcNow());
        var size = options.Size;
        var machines = new MachineGenerator(options.Seed, size.Devices, anchor, options.DeviceLifecycle);
        var cves = new CveGenerator(options.Seed, size.CveCatalogue, anchor);
        var rows = new VulnerabilityRowGenerator(options.Seed, size.VulnerabilityRows, machines, cves, anchor);
        var alerts = AlertGenerator.Generate(options.Seed, size.Alerts, machines, options.TenantId, anchor);
        return new TenantData(
            new ComputedSource<FakeMachine>(machines.Count, machines.Machine),
            id => MachineGenerator.TryParseIndex(id, out var index) && index < machines.Count && machines.DeviceId(index) == id ? index : null,
            new ComputedSource<FakeCve>(size.CveCatalogue, cves.Cve),
            new ComputedSource<FakeVulnerabilityRow>(rows.Count, rows.Row),
            deviceId => RowsOf(rows, machines, deviceId),
            alerts,
            anchor);
    }

    // A device's rows are one slice of the row space; the last device also has the rows past the last full slice.
    private static IEnumerable<long> RowsOf(VulnerabilityRowGenerator rows, MachineGenerator machines, string deviceId)
    {
        if (!MachineGenerator.TryParseIndex(deviceId, out var device) || device >= machines.Count || machines.DeviceId(device) != deviceId)
        {
            yield break;
        }

        var first = rows.FirstRowOf(device);
        var end = device == machines.Count - 1 ? rows.Count : Math.Min(rows.Count, first + rows.RowsPerDevice);
        for (var index = first; index < end; index++)
        {
            yield return index;
        }
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
