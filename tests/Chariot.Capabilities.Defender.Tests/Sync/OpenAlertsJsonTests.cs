using System.Text.Json;
using Chariot.Capabilities.Defender.Alerts;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Devices;
using Chariot.Capabilities.Defender.Api.Dtos;

namespace Chariot.Capabilities.Defender.Tests.Sync;

public sealed class OpenAlertsJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    private static string Json(IReadOnlyList<OpenAlert> open) => new AlertCheckpoint(At, []) { Open = open }.ToJson();

    private static IReadOnlyList<OpenAlert>? Back(string json) => AlertCheckpoint.FromJson(json)?.Open;

    // Fingerprints written as the checkpoint writes them (checked against SHA-256 computed elsewhere in AlertPrintTests).
    private static string P(string text) => AlertPrint.Format(AlertPrint.Of(text));

    [Fact]
    public void Open_alerts_are_saved_grouped_by_risk_fingerprint_with_their_update_in_unix_seconds()
    {
        OpenAlert[] open = [OpenAlert.Of("a-1", "#risk#h1#x", At), OpenAlert.Of("a-2", "#risk#h1#x", At.AddSeconds(1)), OpenAlert.Of("b-1", "#risk#h2#y", At)];

        var json = Json(open);

        Assert.Contains(
            $"\"open\":{{\"{P("#risk#h1#x")}\":[[\"{P("a-1")}\",1793606400],[\"{P("a-2")}\",1793606401]],\"{P("#risk#h2#y")}\":[[\"{P("b-1")}\",1793606400]]}}",
            json,
            StringComparison.Ordinal);
        Assert.DoesNotContain("#risk#", json, StringComparison.Ordinal);
        Assert.Equal(open, Back(json)!);
    }

    [Fact]
    public void Alerts_of_a_risk_that_do_not_come_together_read_back_all_the_same()
    {
        OpenAlert[] open = [OpenAlert.Of("a-1", "#risk#h1#x", At), OpenAlert.Of("b-1", "#risk#h2#y", At), OpenAlert.Of("a-2", "#risk#h1#x", At)];

        Assert.Equal(open, Back(Json(open))!);
    }

    [Fact]
    public void The_update_time_is_kept_to_the_second()
    {
        var back = Assert.Single(Back(Json([OpenAlert.Of("a-1", "#risk#h1#x", At.AddMilliseconds(999.9))]))!);

        Assert.Equal(At, back.Updated);
    }

    [Fact]
    public void A_checkpoint_saved_in_the_earliest_form_is_read_as_fingerprints()
    {
        const string Saved = """
            {"time":"2026-11-02T08:00:00+00:00","sent":[],"open":[{"id":"a-1","risk":"#risk#h1#x","updated":"2026-11-02T08:00:00.5+00:00"}]}
            """;

        Assert.Equal([OpenAlert.Of("a-1", "#risk#h1#x", At.AddMilliseconds(500))], Back(Saved)!);
    }

    [Fact]
    public void A_checkpoint_saved_grouped_by_risk_key_as_text_is_read_as_fingerprints()
    {
        const string Saved = """
            {"time":"2026-11-02T08:00:00+00:00","sent":[],"open":{"#risk#h1#x":[["a-1",1793606400],["a-2",1793606401]]}}
            """;

        Assert.Equal([OpenAlert.Of("a-1", "#risk#h1#x", At), OpenAlert.Of("a-2", "#risk#h1#x", At.AddSeconds(1))], Back(Saved)!);
    }

    [Theory]
    [InlineData("{\"R\":[[\"A\",\"2026-11-02T08:00:00Z\"]]}")]
    [InlineData("{\"R\":[[\"A\"]]}")]
    [InlineData("{\"R\":[[\"A\",1,2]]}")]
    [InlineData("{\"R\":[[1,1]]}")]
    [InlineData("{\"R\":[[\"A\",1e20]]}")]
    [InlineData("{\"R\":[[\"A\",253402300800]]}")]
    [InlineData("{\"R\":[\"A\"]}")]
    [InlineData("{\"R\":{}}")]
    [InlineData("{\"r\":[[\"A\",1]]}")] // a group named neither by a risk key nor by a fingerprint
    [InlineData("{\"R\":[[\"a-1\",1]]}")] // an id as text in a group named by fingerprint
    [InlineData("{\"R\":[[\"A=\",1]]}")]
    [InlineData("\"a\"")]
    [InlineData("[null]")]
    [InlineData("[{\"risk\":\"r\",\"updated\":\"2026-11-02T08:00:00Z\"}]")]
    [InlineData("[{\"id\":\"a\",\"updated\":\"2026-11-02T08:00:00Z\"}]")]
    public void A_damaged_list_makes_the_checkpoint_unreadable_so_the_sync_starts_over(string open)
    {
        // R and A stand for well-formed fingerprints, so each case is damaged only where it says.
        var json = open.Replace("\"R\"", $"\"{P("#risk#h1#x")}\"", StringComparison.Ordinal).Replace("\"A\"", $"\"{P("a-1")}\"", StringComparison.Ordinal);
        Assert.Null(AlertCheckpoint.FromJson("{\"time\":\"2026-11-02T08:00:00+00:00\",\"sent\":[],\"open\":" + json + "}"));
    }

    [Fact]
    public void Grouped_by_fingerprint_they_take_under_half_the_earliest_form()
    {
        // A tenant's shape: two or three open alerts per detection and host (2.4 in the benchmark's tenant), ids and keys as Graph and the mapping make them.
        var texts = Enumerable.Range(0, 1_000)
            .Select(i => new OpenAlertText($"da6380000000{i:D8}_-5006757{i % 100:D2}", $"#risk#host-{i % 400:D5}.corp.contoso.com#suspicious-powershell-command-line", At.AddMinutes(-i)))
            .ToList();
        var open = texts.Select(a => OpenAlert.Of(a.Id!, a.Risk!, a.Updated)).OrderBy(a => a.Risk).ToList();
        var earliest = "[" + string.Join(",", texts.Select(a => JsonSerializer.Serialize(a, AlertJson.Default.OpenAlertText))) + "]";

        var grouped = Json(open).Length - Json([]).Length;

        Assert.True(grouped * 2 < earliest.Length, $"{grouped} bytes grouped, {earliest.Length} in the earliest form");
    }

    [Fact]
    public void Open_alerts_come_by_risk_then_id_so_those_of_a_risk_are_written_together()
    {
        var states = new DetectionStates(new SyncOptions().OpenAlertMemory);
        foreach (var (id, title) in new[] { ("c-1", "B detection"), ("a-1", "A detection"), ("b-1", "B detection"), ("a-0", "A detection") })
        {
            var alert = new GraphAlert { Id = id, Title = title, Severity = "high", Status = "new" };
            states.Admit(AlertPrint.Of(id), At, AlertToRisk.Map(alert, new DeviceDirectory(), "contoso.onmicrosoft.com", out _)!);
        }

        var (a, b) = (AlertPrint.Of("#risk#contoso.onmicrosoft.com#a-detection"), AlertPrint.Of("#risk#contoso.onmicrosoft.com#b-detection"));
        var expected = new[] { ("a-0", a), ("a-1", a), ("b-1", b), ("c-1", b) }
            .Select(x => (Id: AlertPrint.Of(x.Item1), Risk: x.Item2))
            .OrderBy(x => x.Risk).ThenBy(x => x.Id);
        Assert.Equal(expected, states.OpenAlerts(At).Select(o => (o.Id, o.Risk)));
        using var saved = JsonDocument.Parse(Json(states.OpenAlerts(At)));
        Assert.Equal(new[] { a, b }.Order().Select(AlertPrint.Format), saved.RootElement.GetProperty("open").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void An_open_alert_unchanged_for_longer_than_alerts_are_kept_is_forgotten_and_each_call_sees_the_states_as_they_are()
    {
        var states = new DetectionStates(TimeSpan.FromDays(180), [OpenAlert.Of("old", "#risk#h#x", At.AddDays(-181)), OpenAlert.Of("kept", "#risk#h#x", At.AddDays(-179))]);
        Assert.Equal([AlertPrint.Of("kept")], states.OpenAlerts(At).Select(a => a.Id));

        var alert = new GraphAlert { Id = "new", Title = "X", Severity = "high", Status = "new" };
        states.Admit(AlertPrint.Of("new"), At, AlertToRisk.Map(alert, new DeviceDirectory(), "h", out _)!);

        Assert.Equal(new[] { "kept", "new" }.Select(AlertPrint.Of).Order(), states.OpenAlerts(At).Select(a => a.Id).Order());
    }
}
