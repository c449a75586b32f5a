using Chariot.Capabilities.Defender.Alerts;

namespace Chariot.Capabilities.Defender.Tests.Sync;

public sealed class AlertWatermarkTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_watermark_is_the_newest_update_sent_with_the_versions_sent_at_it()
    {
        var watermark = new AlertWatermark(null, Start);
        watermark.Sent("a", Start.AddHours(-3));
        watermark.Sent("b", Start.AddHours(-2));
        watermark.Sent("c", Start.AddHours(-2));

        Assert.Equal(new AlertCheckpoint(Start.AddHours(-2), [new("b", Start.AddHours(-2)), new("c", Start.AddHours(-2))]).ToJson(), watermark.Checkpoint()!.ToJson());
    }

    [Fact]
    public void The_watermark_never_passes_the_sync_start_less_the_settling_margin()
    {
        var watermark = new AlertWatermark(null, Start);
        watermark.Sent("old", Start.AddHours(-1));
        watermark.Sent("recent", Start.AddMinutes(-2));

        var checkpoint = watermark.Checkpoint()!;

        Assert.Equal(Start - AlertWatermark.SettlingMargin, checkpoint.Time);
        Assert.Equal([new SentAlert("recent", Start.AddMinutes(-2))], checkpoint.Sent);
        Assert.True(checkpoint.AlreadySent("recent", Start.AddMinutes(-2)));
        Assert.False(checkpoint.AlreadySent("recent", Start.AddMinutes(-1)));
        Assert.True(checkpoint.AlreadySent("old", Start.AddHours(-1)));
    }

    [Fact]
    public void A_sync_that_sent_nothing_keeps_the_previous_checkpoint()
    {
        var previous = new AlertCheckpoint(Start.AddHours(-1), [new("x", Start.AddHours(-1))]);

        Assert.Equal(previous.ToJson(), new AlertWatermark(previous, Start).Checkpoint()!.ToJson());
        Assert.Null(new AlertWatermark(null, Start).Checkpoint());
    }
}
