using System.Globalization;

namespace Chariot.Capabilities.Defender.Testing.Data.Generation;

/// <summary>The alerts of a generated tenant: alert 0 is the newest; most carry evidence of a generated machine.</summary>
internal static class AlertGenerator
{
    private const ulong Stream = 60;

    public static List<StoredAlert> Generate(int seed, int count, MachineGenerator machines, string tenantId, DateTimeOffset anchor)
    {
        var alerts = new List<StoredAlert>(count);
        for (long index = 0; index < count; index++)
        {
            var hash = StableHash.Of(seed, Stream, index);
            var created = anchor.AddMinutes(-17 * (index + 1)).AddSeconds(-(long)(hash % 60));
            var updated = created.AddMinutes((long)(hash % 4_000));
            if (updated > anchor)
            {
                updated = anchor;
            }

            // One alert in eleven has no device evidence: an identity or mail alert; with lifecycles, one in thirteen spans
            // three devices (lateral movement), each a risk of its own host.
            var deviceIds = machines.Count == 0 || index % 11 == 5
                ? Array.Empty<string>()
                : machines.Lifecycles && index % 13 == 7 && machines.Count >= 3
                    ? [.. Enumerable.Range(0, 3).Select(d => machines.DeviceId(((index * 7) + d) % machines.Count))]
                    : [machines.DeviceId((index * 7) % machines.Count)];
            var alert = new FakeAlert(
                string.Create(CultureInfo.InvariantCulture, $"da{638_000_000_000_000_000 + (long)(hash % 1_000_000_000_000):D18}_{-(long)(hash >> 33)}"),
                StableHash.Pick(hash >> 4, NamePools.AlertTitles),
                StableHash.Pick(hash >> 8, NamePools.AlertSeverities),
                StableHash.Pick(hash >> 12, NamePools.AlertStatuses),
                StableHash.Pick(hash >> 16, NamePools.ServiceSources),
                created,
                updated)
            {
                Classification = index % 4 == 1 ? "truePositive" : "unknown",
                DeviceIds = deviceIds,
            };
            var document = AlertDocuments.Build(alert, tenantId, id => MachineGenerator.TryParseIndex(id, out var i) && i < machines.Count ? machines.Machine(i) : null, index);
            alerts.Add(new StoredAlert(alert, document));
        }

        return alerts;
    }
}
