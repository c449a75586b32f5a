using System.Buffers;
using System.Text;
using System.Text.Json;
using Chariot.Capabilities.Defender.Alerts;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Devices;

namespace Chariot.Capabilities.Defender.Tests.Sync;

public sealed class DetectionStatesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    private static MappedAlert Mapped(string id, string status) =>
        AlertToRisk.Map(
            new GraphAlert { Id = id, Title = "Shared detection", Severity = "high", Status = status, AlertWebUrl = $"https://security.microsoft.com/alerts/{id}" },
            new DeviceDirectory(),
            "contoso.onmicrosoft.com",
            out _)!;

    [Fact]
    public void A_held_alert_that_absorbs_a_later_one_is_saved_with_the_facts_of_both()
    {
        var states = new DetectionStates(new SyncOptions().OpenAlertMemory);
        Assert.Empty(states.Admit(AlertPrint.Of("a-1"), At, Mapped("a-1", "resolved")));
        var first = Assert.Single(states.Held());

        Assert.Empty(states.Admit(AlertPrint.Of("a-2"), At.AddMinutes(1), Mapped("a-2", "resolved")));
        var second = Assert.Single(states.Held());

        // The checkpoint's form of a held alert is made once, and made again when what it holds changed.
        Assert.Same(second, Assert.Single(states.Held()));
        Assert.DoesNotContain(first.Facts, f => f.Value == "a-2");
        Assert.Contains(second.Facts, f => f.Name == "defenderAlertId" && f.Value == "a-1");
        Assert.Contains(second.Facts, f => f.Name == "defenderAlertId" && f.Value == "a-2");
    }

    [Fact]
    public void A_held_alert_released_by_an_open_one_leaves_the_saved_progress()
    {
        var states = new DetectionStates(new SyncOptions().OpenAlertMemory);
        states.Admit(AlertPrint.Of("a-1"), At, Mapped("a-1", "resolved"));
        Assert.Single(states.Held());

        var sent = states.Admit(AlertPrint.Of("a-2"), At.AddMinutes(1), Mapped("a-2", "new"));

        Assert.Single(sent);
        Assert.Empty(states.Held());
    }

    [Fact]
    public void A_progress_checkpoint_written_through_a_kept_buffer_is_the_utf8_of_a_plain_one_each_time()
    {
        var states = new DetectionStates(new SyncOptions().OpenAlertMemory);
        states.Admit(AlertPrint.Of("a-1"), At, Mapped("a-1", "resolved"));
        states.Admit(AlertPrint.Of("b-1"), At, Mapped("b-1", "new"));
        var checkpoint = new AlertCheckpoint(At, [new SentAlert("a-1", At)]) { Open = states.OpenAlerts(At), Held = states.Held() };
        var buffer = new ArrayBufferWriter<byte>();

        var first = Encoding.UTF8.GetString(checkpoint.ToUtf8(buffer).Span);
        var smaller = Encoding.UTF8.GetString(new AlertCheckpoint(At, []).ToUtf8(buffer).Span);

        Assert.Equal(checkpoint.ToJson(), first);
        Assert.Equal(new AlertCheckpoint(At, []).ToJson(), smaller);
        Assert.Equal(checkpoint.Held, AlertCheckpoint.FromJson(first)!.Held!, new HeldComparer());
    }

    [Fact]
    public void A_held_alert_s_proof_is_saved_as_text_and_read_back_to_the_same_bytes()
    {
        var proof = "Microsoft Defender alert a-1\n- fileEvidence: C:\\Temp\\\"x\".exe sha256 ab [malicious]\nJérôme 😀\n"u8.ToArray();
        var held = new HeldAlert("pc-1.contoso.com", "Shared detection", "RH", null, [new HeldFact("defenderAlertId", "a-1")], proof);
        var json = new AlertCheckpoint(At, []) { Held = [held] }.ToJson();

        using var saved = JsonDocument.Parse(json);
        Assert.Equal(Encoding.UTF8.GetString(proof), saved.RootElement.GetProperty("held")[0].GetProperty("proof").GetString());
        Assert.Equal(proof, AlertCheckpoint.FromJson(json)!.Held![0].Proof.ToArray());
    }

    [Theory]
    [InlineData("null", "")]
    [InlineData("\"a\\u0022b\"", "a\"b")]
    public void A_saved_proof_that_is_null_or_escaped_reads_as_its_text(string proof, string expected)
    {
        var json = "{\"time\":\"2026-11-02T08:00:00+00:00\",\"sent\":[],\"held\":[{\"dns\":\"h\",\"title\":\"t\",\"status\":\"RH\",\"facts\":[],\"proof\":" + proof + "}]}";

        Assert.Equal(expected, Encoding.UTF8.GetString(AlertCheckpoint.FromJson(json)!.Held![0].Proof.Span));
    }

    [Fact]
    public void A_saved_proof_that_is_not_text_makes_the_checkpoint_unreadable()
    {
        Assert.Null(AlertCheckpoint.FromJson("{\"time\":\"2026-11-02T08:00:00+00:00\",\"sent\":[],\"held\":[{\"dns\":\"h\",\"title\":\"t\",\"status\":\"RH\",\"facts\":[],\"proof\":12}]}"));
    }

    private sealed class HeldComparer : IEqualityComparer<HeldAlert>
    {
        public bool Equals(HeldAlert? x, HeldAlert? y) =>
            x is not null && y is not null && x.Dns == y.Dns && x.Title == y.Title && x.Status == y.Status && x.Proof.Span.SequenceEqual(y.Proof.Span) && x.Facts.SequenceEqual(y.Facts);

        public int GetHashCode(HeldAlert obj) => obj.Title.GetHashCode(StringComparison.Ordinal);
    }
}
