using Chariot.Capabilities.Defender.Alerts;
using Chariot.Capabilities.Defender.Configuration;

namespace Chariot.Capabilities.Defender.Tests.Sync;

public sealed class AlertWatermarkTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Margin = new SyncOptions().AlertSettlingMargin;

    [Fact]
    public void The_watermark_is_the_newest_update_handled_with_the_versions_handled_at_it()
    {
        var watermark = new AlertWatermark(null, Start, Margin);
        watermark.Handled("a", Start.AddHours(-3));
        watermark.Handled("b", Start.AddHours(-2));
        watermark.Handled("c", Start.AddHours(-2));

        Assert.Equal(new AlertCheckpoint(Start.AddHours(-2), [new("b", Start.AddHours(-2)), new("c", Start.AddHours(-2))]).ToJson(), watermark.Final()!.ToJson());
    }

    [Fact]
    public void The_watermark_never_passes_the_sync_start_less_the_settling_margin()
    {
        var watermark = new AlertWatermark(null, Start, Margin);
        watermark.Handled("old", Start.AddHours(-1));
        watermark.Handled("recent", Start.AddMinutes(-2));

        var checkpoint = watermark.Final()!;
        var next = new AlertWatermark(checkpoint, Start.AddHours(1), Margin);

        Assert.Equal(Start - Margin, checkpoint.Time);
        Assert.Equal([new SentAlert("recent", Start.AddMinutes(-2))], checkpoint.Sent);
        Assert.False(next.IsNew("recent", Start.AddMinutes(-2)));
        Assert.True(next.IsNew("recent", Start.AddMinutes(-1)));
        Assert.False(next.IsNew("old", Start.AddHours(-1)));
    }

    [Fact]
    public void Progress_stands_where_the_listing_has_read_up_to_and_forgets_older_versions()
    {
        var watermark = new AlertWatermark(null, Start, Margin);
        Assert.Null(watermark.Progress());

        watermark.Handled("a", Start.AddHours(-5));
        watermark.Handled("b", Start.AddHours(-4));
        watermark.Handled("c", Start.AddHours(-4));
        watermark.ReadUpTo(Start.AddHours(-4));

        Assert.Equal(new AlertCheckpoint(Start.AddHours(-4), [new("b", Start.AddHours(-4)), new("c", Start.AddHours(-4))]).ToJson(), watermark.Progress()!.ToJson());
        Assert.False(watermark.IsNew("a", Start.AddHours(-5)), "a version before the point read up to was given: forgotten, but not new");
        Assert.False(watermark.IsNew("b", Start.AddHours(-4)));
        Assert.True(watermark.IsNew("d", Start.AddHours(-4)));
        Assert.Equal(2, watermark.Remembered);
    }

    [Fact]
    public void A_version_left_for_the_next_sync_holds_the_watermark_at_it()
    {
        var watermark = new AlertWatermark(null, Start, Margin);
        watermark.Handled("a", Start.AddHours(-3));
        watermark.Defer(Start.AddHours(-2));
        watermark.Handled("b", Start.AddHours(-1));

        var checkpoint = watermark.Final()!;

        Assert.Equal(Start.AddHours(-2), checkpoint.Time);
        Assert.Equal([new SentAlert("b", Start.AddHours(-1))], checkpoint.Sent);
    }

    [Fact]
    public void The_final_checkpoint_is_not_behind_the_point_read_up_to_whose_older_versions_were_forgotten()
    {
        // The last sync saved a recent version; this one handles an older new one, then reads past the recent one.
        var previous = new AlertCheckpoint(Start.AddHours(-2), [new("recent", Start.AddHours(-1))]);
        var watermark = new AlertWatermark(previous, Start, Margin);
        watermark.Handled("late", Start.AddHours(-1.5));
        watermark.ReadUpTo(Start.AddHours(-1));

        var checkpoint = watermark.Final()!;
        var next = new AlertWatermark(checkpoint, Start.AddHours(1), Margin);

        Assert.Equal(Start.AddHours(-1), checkpoint.Time);
        Assert.Equal([new SentAlert("recent", Start.AddHours(-1))], checkpoint.Sent);
        Assert.False(next.IsNew("late", Start.AddHours(-1.5)));
        Assert.False(next.IsNew("recent", Start.AddHours(-1)));
    }

    [Fact]
    public void A_sync_that_handled_nothing_keeps_the_previous_checkpoint()
    {
        var previous = new AlertCheckpoint(Start.AddHours(-1), [new("x", Start.AddHours(-1))]);

        Assert.Equal(previous.ToJson(), new AlertWatermark(previous, Start, Margin).Final()!.ToJson());
        Assert.Null(new AlertWatermark(null, Start, Margin).Final());
    }
}
