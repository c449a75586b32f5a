using System.Collections.Concurrent;

namespace Chariot.Capabilities.Defender.Devices;

/// <summary>
/// One device identity for the whole run: Defender machine id to the host name its asset carries, so vulnerability
/// rows and alert evidence land on the same host as the device's asset.
/// </summary>
internal sealed class DeviceDirectory
{
    private readonly ConcurrentDictionary<string, string> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _machines = new(StringComparer.Ordinal);

    public int Count => _hosts.Count;

    public void Add(string machineId, string host)
    {
        if (_hosts.TryGetValue(machineId, out var before) && !string.Equals(before, host, StringComparison.Ordinal) && _machines.TryGetValue(before, out var old))
        {
            old.TryRemove(machineId, out _);
        }

        _hosts[machineId] = host;
        _machines.GetOrAdd(host, _ => new(StringComparer.OrdinalIgnoreCase))[machineId] = 0;
    }

    /// <summary>Every machine whose asset carries <paramref name="host"/> (two machines can share a host name).</summary>
    public IReadOnlyCollection<string> MachinesOf(string host) =>
        _machines.TryGetValue(host, out var ids) ? [.. ids.Keys] : [];

    public string? HostOf(string? machineId) =>
        machineId is not null && _hosts.TryGetValue(machineId, out var host) ? host : null;

    /// <summary>The host name as every stream writes it: lower case, without a trailing dot.</summary>
    public static string? NormalizeHost(string? name)
    {
        var trimmed = name?.Trim().TrimEnd('.');
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.ToLowerInvariant();
    }
}
