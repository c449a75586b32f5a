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

    [Fact]
    public void Open_alerts_are_saved_grouped_by_risk_with_their_update_in_unix_seconds()
    {
        OpenAlert[] open = [new("a-1", "#risk#h1#x", At), new("a-2", "#risk#h1#x", At.AddSeconds(1)), new("b-1", "#risk#h2#y", At)];

        var json = Json(open);

        Assert.Contains("\"open\":{\"#risk#h1#x\":[[\"a-1\",1793606400],[\"a-2\",1793606401]],\"#risk#h2#y\":[[\"b-1\",1793606400]]}", json, StringComparison.Ordinal);
        Assert.Equal(open, Back(json)!);
    }

    [Fact]
    public void Alerts_of_a_risk_that_do_not_come_together_read_back_all_the_same()
    {
        OpenAlert[] open = [new("a-1", "#risk#h1#x", At), new("b-1", "#risk#h2#y", At), new("a-2", "#risk#h1#x", At)];

        Assert.Equal(open, Back(Json(open))!);
    }

    [Fact]
    public void The_update_time_is_kept_to_the_second()
    {
        var back = Assert.Single(Back(Json([new OpenAlert("a-1", "#risk#h1#x", At.AddMilliseconds(999.9))]))!);

        Assert.Equal(At, back.Updated);
    }

    [Fact]
    public void A_checkpoint_saved_in_the_earlier_form_is_read()
    {
        const string Saved = """
            {"time":"2026-11-02T08:00:00+00:00","sent":[],"open":[{"id":"a-1","risk":"#risk#h1#x","updated":"2026-11-02T08:00:00.5+00:00"}]}
            """;

        Assert.Equal([new OpenAlert("a-1", "#risk#h1#x", At.AddMilliseconds(500))], Back(Saved)!);
    }

    [Theory]
    [InlineData("{\"r\":[[\"a\",\"2026-11-02T08:00:00Z\"]]}")]
    [InlineData("{\"r\":[[\"a\"]]}")]
    [InlineData("{\"r\":[[\"a\",1,2]]}")]
    [InlineData("{\"r\":[[1,1]]}")]
    [InlineData("{\"r\":[[\"a\",1e20]]}")]
    [InlineData("{\"r\":[[\"a\",253402300800]]}")]
    [InlineData("{\"r\":[\"a\"]}")]
    [InlineData("{\"r\":{}}")]
    [InlineData("\"a\"")]
    [InlineData("[null]")]
    [InlineData("[{\"risk\":\"r\",\"updated\":\"2026-11-02T08:00:00Z\"}]")]
    [InlineData("[{\"id\":\"a\",\"updated\":\"2026-11-02T08:00:00Z\"}]")]
    public void A_damaged_list_makes_the_checkpoint_unreadable_so_the_sync_starts_over(string open)
    {
        Assert.Null(AlertCheckpoint.FromJson("{\"time\":\"2026-11-02T08:00:00+00:00\",\"sent\":[],\"open\":" + open + "}"));
    }

    [Fact]
    public void Grouped_they_take_under_half_the_earlier_form()
    {
        // A tenant's shape: two or three open alerts per detection and host (2.4 in the benchmark's tenant), ids and keys as Graph and the mapping make them.
        var open = Enumerable.Range(0, 1_000)
            .Select(i => new OpenAlert($"da6380000000{i:D8}_-5006757{i % 100:D2}", $"#risk#host-{i % 400:D5}.corp.contoso.com#suspicious-powershell-command-line", At.AddMinutes(-i)))
            .OrderBy(a => a.Risk, StringComparer.Ordinal)
            .ToList();
        var earlier = "[" + string.Join(",", open.Select(a => JsonSerializer.Serialize(a, AlertJson.Default.OpenAlert))) + "]";

        var grouped = Json(open).Length - Json([]).Length;

        Assert.True(grouped * 2 < earlier.Length, $"{grouped} bytes grouped, {earlier.Length} in the earlier form");
    }

    [Fact]
    public void Open_alerts_come_by_risk_then_id_so_those_of_a_risk_are_written_together()
    {
        var states = new DetectionStates(new SyncOptions().OpenAlertMemory);
        foreach (var (id, title) in new[] { ("c-1", "B detection"), ("a-1", "A detection"), ("b-1", "B detection"), ("a-0", "A detection") })
        {
            var alert = new GraphAlert { Id = id, Title = title, Severity = "high", Status = "new" };
            states.Admit(id, At, AlertToRisk.Map(alert, new DeviceDirectory(), "contoso.onmicrosoft.com", out _)!);
        }

        Assert.Equal(["a-0", "a-1", "b-1", "c-1"], states.OpenAlerts(At).Select(a => a.Id));
        using var saved = JsonDocument.Parse(Json(states.OpenAlerts(At)));
        Assert.Equal(
            ["#risk#contoso.onmicrosoft.com#a-detection", "#risk#contoso.onmicrosoft.com#b-detection"],
            saved.RootElement.GetProperty("open").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void An_open_alert_unchanged_for_longer_than_alerts_are_kept_is_forgotten_and_each_call_sees_the_states_as_they_are()
    {
        var states = new DetectionStates(TimeSpan.FromDays(180), [new OpenAlert("old", "#risk#h#x", At.AddDays(-181)), new OpenAlert("kept", "#risk#h#x", At.AddDays(-179))]);
        Assert.Equal(["kept"], states.OpenAlerts(At).Select(a => a.Id));

        var alert = new GraphAlert { Id = "new", Title = "X", Severity = "high", Status = "new" };
        states.Admit("new", At, AlertToRisk.Map(alert, new DeviceDirectory(), "h", out _)!);

        Assert.Equal(["kept", "new"], states.OpenAlerts(At).Select(a => a.Id));
    }
}
