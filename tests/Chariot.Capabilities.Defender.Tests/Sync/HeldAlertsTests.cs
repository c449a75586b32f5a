using System.Text;
using Chariot.Capabilities.Defender.Alerts;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Devices;

namespace Chariot.Capabilities.Defender.Tests.Sync;

public sealed class HeldAlertsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    private static HeldAlert Held(string title, string proof) =>
        new("pc-1.contoso.com", title, "RH", "comment", [new HeldFact("defenderAlertId", title)], Encoding.UTF8.GetBytes(proof));

    [Fact]
    public void Alerts_past_the_memory_bound_wait_in_the_file_and_come_back_the_same()
    {
        using var held = new HeldAlerts(inMemoryBytes: 100, Path.GetTempPath());
        var small = Held("a", "p").ToMapped()!;
        var large = Held("b", new string('x', 200) + " é ✓\n\"q\"").ToMapped()!;

        held.Put(small.Risk.Key, small);
        held.Put(large.Risk.Key, large);

        Assert.Equal((2, 1), (held.Count, held.OnDisk));
        Assert.Equal(HeldAlerts.SizeOf(small) + HeldAlerts.SizeOf(large), held.Bytes);
        Assert.Equal([small.Risk.Key, large.Risk.Key], held.Forms().Select(f => f.Key));
        var back = held.Take(large.Risk.Key)!;
        Assert.Equal((large.Risk.Key, large.Risk.Status, large.Risk.Comment), (back.Risk.Key, back.Risk.Status, back.Risk.Comment));
        Assert.Equal(large.Attributes.Select(a => (a.Name, a.Value)), back.Attributes.Select(a => (a.Name, a.Value)));
        Assert.Equal(large.Proof.Bytes.ToArray(), back.Proof.Bytes.ToArray());
        Assert.Equal((1, 0, HeldAlerts.SizeOf(small)), (held.Count, held.OnDisk, held.Bytes));
        Assert.Same(small, held.Take(small.Risk.Key));
        Assert.Null(held.Take(large.Risk.Key));
    }

    [Fact]
    public void An_alert_held_again_replaces_the_one_before_in_the_file()
    {
        using var held = new HeldAlerts(inMemoryBytes: 0, Path.GetTempPath());
        var first = Held("a", "first").ToMapped()!;

        held.Put(first.Risk.Key, first);
        held.Put(first.Risk.Key, Held("a", "second").ToMapped()!);

        var only = Assert.Single(held.All());
        Assert.Equal("second", Encoding.UTF8.GetString(only.Proof.Bytes.Span));
        Assert.Equal(HeldAlerts.SizeOf(only), held.Bytes);
    }

    [Fact]
    public void A_detection_that_keeps_closing_on_one_host_is_written_to_the_file_once_not_once_per_alert()
    {
        // Past the bound, each closed alert of the detection takes the held one back and holds it again with one more
        // alert's facts: written each time, the file would grow with the square of the alerts.
        using var states = new DetectionStates(TimeSpan.FromDays(180), heldInMemoryBytes: 0);
        var devices = new DeviceDirectory();
        for (var i = 0; i < 300; i++)
        {
            var alert = new GraphAlert { Id = $"a-{i}", Title = "Noisy detection", Severity = "low", Status = "resolved", AlertWebUrl = $"https://security.microsoft.com/alerts/a-{i}" };
            Assert.Empty(states.Admit(AlertPrint.Of(alert.Id), At, AlertToRisk.Map(alert, devices, "contoso.onmicrosoft.com", out _)!));
        }

        var held = Assert.Single(states.Held());
        Assert.Equal(300, held.Facts.Count(f => f.Name == "defenderAlertId"));
        Assert.Equal((1, 0), (states.HeldCount, states.HeldOnDisk));
        Assert.True(states.HeldFileBytes < 2_000, $"{states.HeldFileBytes} bytes written for one detection");
    }

    [Fact]
    public void Folded_alerts_keep_each_fact_once_whether_compared_pairwise_or_through_a_set()
    {
        // Up to 64 facts are compared pair by pair, more through a set (here from the 61st alert on): both keep each once.
        using var states = new DetectionStates(TimeSpan.FromDays(180));
        var devices = new DeviceDirectory();
        for (var i = 0; i < 80; i++)
        {
            var alert = new GraphAlert
            {
                Id = $"a-{i}", Title = "Noisy detection", Severity = "low", Status = "resolved", Category = "Execution",
                ServiceSource = "microsoftDefenderForEndpoint", MitreTechniques = [i % 2 == 0 ? "T1059.001" : "T1105"],
            };
            states.Admit(AlertPrint.Of(alert.Id), At, AlertToRisk.Map(alert, devices, "contoso.onmicrosoft.com", out _)!);
            var facts = Assert.Single(states.Held()).Facts;
            Assert.Equal(facts.Count, facts.Distinct().Count());
            Assert.Equal(i + 1, facts.Count(f => f.Name == "defenderAlertId"));
            Assert.Equal(i == 0 ? 1 : 2, facts.Count(f => f.Name == "mitreTechnique"));
        }
    }

    [Fact]
    public void Detection_states_decide_the_same_whether_held_alerts_stay_in_memory_or_wait_in_the_file()
    {
        // A seeded mix of open and closed alerts of a few detections on a few hosts, fed to both.
        var random = new Random(20261205);
        using var inMemory = new DetectionStates(TimeSpan.FromDays(180));
        using var onDisk = new DetectionStates(TimeSpan.FromDays(180), heldInMemoryBytes: 0);
        var devices = new DeviceDirectory();
        for (var i = 0; i < 400; i++)
        {
            var alert = new GraphAlert
            {
                Id = $"a-{i}",
                Title = $"Detection {random.Next(40)}",
                Severity = "high",
                Status = random.Next(5) == 0 ? "new" : "resolved",
                AlertWebUrl = $"https://security.microsoft.com/alerts/a-{i}",
                Evidence = new AlertEvidence($"m{random.Next(5)}", $"pc-{random.Next(5)}.contoso.com", Encoding.UTF8.GetBytes($"- fileEvidence: f{i} []\n")),
            };
            var sent = Sent(inMemory.Admit(AlertPrint.Of(alert.Id), At, AlertToRisk.Map(alert, devices, "contoso.onmicrosoft.com", out _)!));
            var sentToo = Sent(onDisk.Admit(AlertPrint.Of(alert.Id), At, AlertToRisk.Map(alert, devices, "contoso.onmicrosoft.com", out _)!));

            Assert.Equal(sent, sentToo);
            if (i % 50 == 0)
            {
                Assert.Equal(Forms(inMemory.Held()), Forms(onDisk.Held()));
            }
        }

        Assert.True(onDisk.HeldOnDisk > 10, $"{onDisk.HeldOnDisk} held alerts in the file");
        Assert.Equal(0, inMemory.HeldOnDisk);
        Assert.Equal((inMemory.HeldCount, inMemory.HeldBytes, inMemory.Folded), (onDisk.HeldCount, onDisk.HeldBytes, onDisk.Folded));
        // In the same order too: the order the closed risks are sent in.
        Assert.Equal(
            inMemory.Closed().Select(c => (Sent([c.Alert]), c.StillOpen)),
            onDisk.Closed().Select(c => (Sent([c.Alert]), c.StillOpen)));
    }

    [Fact]
    public void A_held_alert_keeps_its_creation_time_through_the_checkpoint_and_an_older_checkpoint_still_reads()
    {
        var alert = new GraphAlert { Id = "a-1", Title = "Held detection", Status = "resolved", CreatedDateTime = At.AddDays(-3), Evidence = new AlertEvidence(null, null, []) };
        var mapped = AlertToRisk.Map(alert, new DeviceDirectory(), "contoso.onmicrosoft.com", out _)!;

        var json = System.Text.Json.JsonSerializer.Serialize(HeldAlert.From(mapped), AlertJson.Default.HeldAlert);
        var back = System.Text.Json.JsonSerializer.Deserialize(json, AlertJson.Default.HeldAlert)!.ToMapped()!;
        var older = System.Text.Json.JsonSerializer.Deserialize(json.Replace("\"created\"", "\"unknown\"", StringComparison.OrdinalIgnoreCase), AlertJson.Default.HeldAlert)!.ToMapped()!;

        Assert.Equal(At.AddDays(-3), mapped.Risk.Created);
        Assert.Equal(At.AddDays(-3), back.Risk.Created);
        Assert.Null(older.Risk.Created); // the emitter then stamps it, as before
        Assert.Equal(mapped.Risk.Key, older.Risk.Key);
    }

    private static string Sent(IEnumerable<MappedAlert> alerts) => string.Join(
        "\n",
        alerts.Select(a => $"{a.Risk.Key} {a.Risk.Status.Code} {Encoding.UTF8.GetString(a.Proof.Bytes.Span)} "
            + string.Join(",", a.Attributes.Select(f => $"{f.Name}={f.Value}@{f.Parent.Key}"))));

    private static IEnumerable<string> Forms(IReadOnlyList<HeldAlert> held) =>
        held.Select(h => $"{h.Dns} {h.Title} {h.Status} {Encoding.UTF8.GetString(h.Proof.Span)} {string.Join(",", h.Facts)}");
}
