using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Tests.Models;

/// <summary>A model keeps each timestamp as its instant, in UTC (as Chariot writes it), equal when the instants are.</summary>
public sealed class TimestampTests
{
    private static readonly DateTimeOffset Local = new(2026, 11, 2, 10, 0, 0, 123, TimeSpan.FromHours(2));

    [Fact]
    public void A_timestamp_reads_back_as_the_same_instant_in_utc()
    {
        var risk = new Risk("a.contoso.com", "CVE-2024-1", new RiskStatus(RiskState.Triage, Severity.High)) { Created = Local, Updated = DateTimeOffset.MaxValue };
        var file = new ChariotFile("proofs/x") { Updated = DateTimeOffset.MinValue };

        Assert.Equal(Local, risk.Created);
        Assert.Equal(TimeSpan.Zero, risk.Created!.Value.Offset);
        Assert.Equal(new DateTime(2026, 11, 2, 8, 0, 0, 123, DateTimeKind.Utc), risk.Created.Value.UtcDateTime);
        Assert.Null(risk.Visited);
        Assert.Equal(DateTimeOffset.MaxValue, risk.Updated);
        Assert.Equal(DateTimeOffset.MinValue, file.Updated);
        Assert.Null(new ChariotAttribute("n", "v", risk).Created);
    }

    [Fact]
    public void Models_are_equal_when_their_instants_are_whatever_the_offset_they_were_given_in()
    {
        var asset = new Asset("h.contoso.com", "10.0.0.1") { Created = Local, Visited = Local };
        var relationship = new Relationship("HAS_PORT", asset, asset) { Created = Local };

        Assert.Equal(asset with { Created = Local.ToUniversalTime() }, asset);
        Assert.NotEqual(asset with { Visited = Local.AddTicks(1) }, asset);
        Assert.NotEqual(asset with { Visited = null }, asset);
        Assert.Equal(relationship with { Created = Local.ToOffset(TimeSpan.FromHours(-5)) }, relationship);
        Assert.Null(relationship.Visited);
    }
}
