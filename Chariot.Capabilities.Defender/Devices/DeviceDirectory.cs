using System.Runtime.InteropServices;

namespace Chariot.Capabilities.Defender.Devices;

/// <summary>
/// One device identity for the whole run: Defender machine id to the host name its asset carries, so vulnerability
/// rows and alert evidence land on the same host as the device's asset.
/// </summary>
/// <remarks>
/// Filled by the device stream before the other streams read it (readers may then run at the same time). It costs
/// two dictionary entries a device: a tenant of 100,000 devices keeps a few megabytes here, not one collection each.
/// </remarks>
internal sealed class DeviceDirectory
{
    private readonly Dictionary<string, string> _hosts = new(StringComparer.OrdinalIgnoreCase);

    // The machines of each host: the id alone, or a set of ids when machines share a host name (rare).
    private readonly Dictionary<string, object> _machines = new(StringComparer.Ordinal);

    public int Count => _hosts.Count;

    public void Add(string machineId, string host)
    {
        if (_hosts.TryGetValue(machineId, out var before) && !string.Equals(before, host, StringComparison.Ordinal))
        {
            Forget(before, machineId);
        }

        _hosts[machineId] = host;
        ref var ids = ref CollectionsMarshal.GetValueRefOrAddDefault(_machines, host, out _);
        switch (ids)
        {
            case null:
                ids = machineId;
                break;
            case string one when !string.Equals(one, machineId, StringComparison.OrdinalIgnoreCase):
                ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { one, machineId };
                break;
            case HashSet<string> many:
                many.Add(machineId);
                break;
        }
    }

    /// <summary>Every machine whose asset carries <paramref name="host"/> (two machines can share a host name).</summary>
    public IReadOnlyCollection<string> MachinesOf(string host) =>
        _machines.GetValueOrDefault(host) switch
        {
            string one => [one],
            HashSet<string> many => [.. many],
            _ => [],
        };

    public string? HostOf(string? machineId) =>
        machineId is not null && _hosts.TryGetValue(machineId, out var host) ? host : null;

    /// <summary>The host name as every stream writes it: lower case, without a trailing dot.</summary>
    public static string? NormalizeHost(string? name)
    {
        var trimmed = name?.Trim().TrimEnd('.');
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.ToLowerInvariant();
    }

    private void Forget(string host, string machineId)
    {
        switch (_machines.GetValueOrDefault(host))
        {
            case string one when string.Equals(one, machineId, StringComparison.OrdinalIgnoreCase):
                _machines.Remove(host);
                break;
            case HashSet<string> many when many.Remove(machineId) && many.Count == 0:
                _machines.Remove(host);
                break;
        }
    }
}
