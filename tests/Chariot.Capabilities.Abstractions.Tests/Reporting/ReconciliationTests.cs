using Chariot.Capabilities.Reporting;

namespace Chariot.Capabilities.Abstractions.Tests.Reporting;

public sealed class ReconciliationTests
{
    [Fact]
    public void A_stream_whose_records_add_up_is_balanced_and_its_skips_are_listed_by_reason()
    {
        var summary = new RunSummary();
        var alerts = summary.Stream("alerts");
        alerts.AddReceived(10);
        alerts.AddEmitted(6);
        alerts.AddFiltered(1);
        alerts.AddSkipped("alert versions an earlier sync sent", 2);
        alerts.AddSkipped("unreadable records (each logged)");
        alerts.AddSkipped("unreadable records (each logged)", 0);

        alerts.EnsureBalanced();

        Assert.Equal(0, alerts.Unaccounted);
        Assert.Equal(3, alerts.Skipped);
        Assert.Equal(
            [new("alert versions an earlier sync sent", 2), new KeyValuePair<string, long>("unreadable records (each logged)", 1)],
            alerts.Skips);
        Assert.Equal(2, alerts.SkippedFor("alert versions an earlier sync sent"));
        Assert.Equal(1, alerts.SkippedFor("unreadable records (each logged)"));
        Assert.Equal(0, alerts.SkippedFor("never counted"));
        var table = summary.ToTable();
        Assert.Contains("skipped: alerts: 2 alert versions an earlier sync sent", table, StringComparison.Ordinal);
        Assert.Contains("skipped: alerts: 1 unreadable records (each logged)", table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_stream_name_widens_the_name_column_so_the_numbers_stay_in_their_columns()
    {
        var summary = new RunSummary();
        summary.Stream("devices").AddReceived(238);
        summary.Stream("internet-facing devices").AddReceived(31);

        var lines = summary.ToTable().Split(Environment.NewLine).Take(3).ToList();

        // Each row's received count ends where the header's "received" does.
        var end = lines[0].IndexOf("received", StringComparison.Ordinal) + "received".Length;
        Assert.Equal(end, lines[1].IndexOf("238", StringComparison.Ordinal) + 3);
        Assert.Equal(end, lines[2].IndexOf("31", StringComparison.Ordinal) + 2);
        Assert.StartsWith("internet-facing devices ", lines[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(11, "received 11, but emitted 6 + filtered 1 + skipped 3 = 10")]
    [InlineData(9, "received 9, but emitted 6 + filtered 1 + skipped 3 = 10")]
    public void A_stream_that_lost_or_doubled_a_record_fails_with_its_numbers(int received, string numbers)
    {
        var devices = new RunSummary().Stream("devices");
        devices.AddReceived(received);
        devices.AddEmitted(6);
        devices.AddFiltered();
        devices.AddSkipped("records that could not be mapped (each logged)", 3);

        var failure = Assert.Throws<ReconciliationException>(devices.EnsureBalanced);

        Assert.Equal("devices", failure.Stream);
        Assert.Contains("The devices stream does not add up: " + numbers, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_skip_needs_a_reason()
    {
        var stream = new RunSummary().Stream("alerts");

        Assert.Throws<ArgumentException>(() => stream.AddSkipped(" "));
    }
}
