using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Tests.Reliability;

/// <summary>
/// Issue 11, incremental correctness over time: the tenant changes between syncs (alerts updated, several at one
/// timestamp, and added; CVEs fixed on devices, brought back, and new ones found; devices onboarded and removed), and
/// each incremental sync sends exactly those changes (and every device listed now, as every sync does, so their time to
/// live is renewed), checked against the test's own record of the tenant (not against the plugin's output).
/// </summary>
public sealed class IncrementalOverTimeTests
{
    private const int Rounds = 5;

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    public async Task Each_incremental_sync_sends_exactly_what_changed_since_the_last(int seed)
    {
        var harness = new DefenderHarness(time => new FakeDefenderTenantOptions
        {
            TimeProvider = time,
            Seed = seed,
            Size = new FakeTenantSize(Devices: 60, Alerts: 80, VulnerabilityRows: 900, CveCatalogue: 70),
        });
        var model = new TenantModel(harness.Tenant);
        (await harness.InvokeAsync()).Succeeded();
        var random = new Random(seed);

        for (var round = 1; round <= Rounds; round++)
        {
            harness.Time.Advance(TimeSpan.FromHours(2));
            var expected = model.Change(random, harness.Time.GetUtcNow(), round);

            var result = (await harness.InvokeAsync()).Succeeded();

            var what = $"seed {seed}, round {round}";
            Assert.True(expected.Alerts.SetEquals(result.AlertIds), $"{what}: alerts sent [{string.Join(", ", result.AlertIds.Order(StringComparer.Ordinal))}], changed [{string.Join(", ", expected.Alerts.Order(StringComparer.Ordinal))}]");
            var sent = result.Risks
                .Where(r => r.Name.StartsWith("CVE-", StringComparison.Ordinal))
                .Select(r => (r.Dns, r.Name, Open: r.Status.State != RiskState.Remediated))
                .ToHashSet();
            Assert.True(expected.Vulnerabilities.SetEquals(sent), $"{what}: CVE risks sent [{string.Join(", ", sent.Order())}], changed [{string.Join(", ", expected.Vulnerabilities.Order())}]");
            var hosts = result.Assets.Select(a => a.Dns).ToHashSet(StringComparer.Ordinal);
            Assert.True(model.Devices.SetEquals(hosts), $"{what}: devices sent but not in the tenant [{string.Join(", ", hosts.Except(model.Devices))}], in the tenant but not sent [{string.Join(", ", model.Devices.Except(hosts))}]");
        }
    }

    /// <summary>The test's own record of the tenant's CVEs per device and of what each round changed.</summary>
    private sealed class TenantModel
    {
        private readonly FakeDefenderTenant _tenant;
        private readonly List<FakeVulnerabilityRow> _present;
        private readonly List<FakeVulnerabilityRow> _fixed = [];
        private readonly Dictionary<string, string> _devices = new(StringComparer.OrdinalIgnoreCase);

        public TenantModel(FakeDefenderTenant tenant)
        {
            _tenant = tenant;
            for (var i = 0; i < tenant.MachineCount; i++)
            {
                _devices[tenant.Machine(i).Id] = Ascii(tenant.Machine(i).ComputerDnsName);
            }

            _present = [.. Enumerable.Range(0, (int)tenant.VulnerabilityRowCount)
                .Select(i => tenant.VulnerabilityRow(i))
                .OfType<FakeVulnerabilityRow>()
                .Where(r => r.CveId is not null)
                .DistinctBy(r => (r.DeviceId, r.CveId))];
        }

        /// <summary>The hosts of the devices the tenant lists now.</summary>
        public HashSet<string> Devices => [.. _devices.Values];

        public (HashSet<string> Alerts, HashSet<(string Host, string Cve, bool Open)> Vulnerabilities) Change(Random random, DateTimeOffset now, int round)
        {
            var alerts = new HashSet<string>(StringComparer.Ordinal);
            var current = _tenant.Alerts;
            var tie = now.AddMinutes(-10);
            foreach (var (alert, i) in current.OrderBy(_ => random.Next()).Take(6).Select((a, i) => (a, i)))
            {
                // Three changes at one instant, as Graph stamps a bulk update.
                var status = alert.Status == "resolved" ? "inProgress" : "resolved";
                _tenant.UpdateAlert(alert.Id, a => a with { Status = status, LastUpdateDateTime = i < 3 ? tie : now.AddMinutes(-i) });
                alerts.Add(alert.Id);
            }

            for (var i = 0; i < 2; i++)
            {
                var id = $"round{round}-alert{i}";
                _tenant.AddAlert(new FakeAlert(id, $"Round {round} detection {i}", "medium", "new", "microsoftDefenderForEndpoint", now.AddMinutes(-30), now.AddMinutes(-20 - i))
                {
                    DeviceIds = [_tenant.Machine(random.Next((int)_tenant.MachineCount)).Id],
                });
                alerts.Add(id);
            }

            var vulnerabilities = new HashSet<(string, string, bool)>();
            foreach (var row in _present.OrderBy(_ => random.Next()).Take(4).ToList())
            {
                Assert.True(_tenant.FixVulnerability(row.DeviceId, row.CveId!) > 0);
                _present.Remove(row);
                _fixed.Add(row);
                vulnerabilities.Add((Host(row), row.CveId!.ToUpperInvariant(), false));
            }

            // A CVE fixed in an earlier round comes back (a rollback), and a new one is found.
            var opened = new List<FakeVulnerabilityRow>();
            if (_fixed.FirstOrDefault(r => !vulnerabilities.Contains((Host(r), r.CveId!.ToUpperInvariant(), false))) is { } back)
            {
                var again = back with { Id = $"{back.Id}-back{round}" };
                _tenant.AddVulnerability(again);
                _fixed.Remove(back);
                _present.Add(again);
                opened.Add(again);
            }

            // A device onboarded, and one removed: its rows and alerts stay in Defender until they age out.
            var template = _tenant.Machine(random.Next((int)_tenant.MachineCount));
            var onboarded = template with { Id = $"{round:x8}00000000000000000000000000000000", ComputerDnsName = $"onboarded-{round}.corp.contoso.com", FirstSeen = now.AddHours(-1), LastSeen = now };
            _tenant.AddMachine(onboarded);
            _devices[onboarded.Id] = onboarded.ComputerDnsName;
            var leaving = _devices.Keys.Order(StringComparer.Ordinal).ElementAt(random.Next(_devices.Count - 1));
            Assert.True(_tenant.RemoveMachine(leaving));
            _devices.Remove(leaving);

            var found = _present[random.Next(_present.Count)] with { Id = $"round{round}-row", CveId = $"CVE-2026-9{round:000}" };
            _tenant.AddVulnerability(found);
            _present.Add(found);
            opened.Add(found);

            // A device the listing no longer returns is out of scope (stale_days narrows the listing): its fixes are sent,
            // its open rows are not.
            foreach (var row in opened.Where(r => _devices.ContainsKey(r.DeviceId)))
            {
                vulnerabilities.Add((Host(row), row.CveId!.ToUpperInvariant(), true));
            }

            // So is an alert whose every device it no longer returns (raised before the sync: not a sign of a new device).
            alerts.RemoveWhere(id => _tenant.Alerts.Single(a => a.Id == id).DeviceIds is { Count: > 0 } ids && !ids.Any(_devices.ContainsKey));

            return (alerts, vulnerabilities);
        }

        // A host name as Chariot keys it: lower case, in its ASCII (punycode) form.
        private static string Host(FakeVulnerabilityRow row) => Ascii(row.DeviceName);

        private static string Ascii(string host) => new System.Globalization.IdnMapping().GetAscii(host.ToLowerInvariant());
    }
}
