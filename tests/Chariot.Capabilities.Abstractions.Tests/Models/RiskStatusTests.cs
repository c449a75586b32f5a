using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Tests.Models;

// Codes and priorities are tabularium's globals.go constants and riskPriority map.
public sealed class RiskStatusTests
{
    public static TheoryData<string, RiskState, Severity, RiskSubState?> Codes => new()
    {
        { "TI", RiskState.Triage, Severity.Info, null },
        { "TL", RiskState.Triage, Severity.Low, null },
        { "TM", RiskState.Triage, Severity.Medium, null },
        { "TH", RiskState.Triage, Severity.High, null },
        { "TC", RiskState.Triage, Severity.Critical, null },
        { "OE", RiskState.Open, Severity.Exposure, null },
        { "OC", RiskState.Open, Severity.Critical, null },
        { "IE", RiskState.Accepted, Severity.Exposure, null },
        { "IM", RiskState.Accepted, Severity.Medium, null },
        { "RM", RiskState.Remediated, Severity.Medium, null },
        { "RC", RiskState.Remediated, Severity.Critical, null },
        { "DLF", RiskState.Deleted, Severity.Low, RiskSubState.FalsePositive },
        { "DHS", RiskState.Deleted, Severity.High, RiskSubState.OutOfScope },
        { "DEO", RiskState.Deleted, Severity.Exposure, RiskSubState.Other },
        { "DCD", RiskState.Deleted, Severity.Critical, RiskSubState.Duplicate },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public void Status_renders_and_parses_tabularium_codes(string code, RiskState state, Severity severity, RiskSubState? sub)
    {
        var status = new RiskStatus(state, severity, sub);

        Assert.Equal(code, status.Code);
        Assert.Equal(status, RiskStatus.Parse(code));
    }

    [Theory]
    [InlineData(Severity.Critical, 0)]
    [InlineData(Severity.High, 10)]
    [InlineData(Severity.Medium, 20)]
    [InlineData(Severity.Low, 30)]
    [InlineData(Severity.Info, 40)]
    [InlineData(Severity.Exposure, 50)]
    public void Priority_follows_severity(Severity severity, int priority)
    {
        Assert.Equal(priority, RiskStatus.Triage(severity).Priority);
        Assert.Equal(priority, new Risk("h", "n", RiskStatus.Triage(severity)).Priority);
    }

    [Theory]
    [InlineData("")]
    [InlineData("T")]
    [InlineData("D")]
    [InlineData("DL")]
    [InlineData("THF")]
    [InlineData("XH")]
    [InlineData("TX")]
    [InlineData("DLX")]
    [InlineData("th")]
    public void Malformed_codes_are_refused_with_a_message_that_shows_the_shape(string code)
    {
        Assert.False(RiskStatus.TryParse(code, out _));
        var error = Assert.Throws<FormatException>(() => RiskStatus.Parse(code));
        Assert.Contains("TH, RM or DLF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejected_status_requires_a_sub_state_and_others_refuse_one()
    {
        Assert.Throws<ArgumentException>(() => new RiskStatus(RiskState.Deleted, Severity.Low));
        Assert.Throws<ArgumentException>(() => new RiskStatus(RiskState.Open, Severity.Low, RiskSubState.Duplicate));
    }

    [Theory]
    [InlineData(0.0, Severity.Info)]
    [InlineData(0.1, Severity.Low)]
    [InlineData(3.9, Severity.Low)]
    [InlineData(4.0, Severity.Medium)]
    [InlineData(6.9, Severity.Medium)]
    [InlineData(7.0, Severity.High)]
    [InlineData(8.9, Severity.High)]
    [InlineData(9.0, Severity.Critical)]
    [InlineData(10.0, Severity.Critical)]
    public void Cvss_score_maps_to_its_band(double score, Severity expected)
    {
        Assert.Equal(expected, Severities.FromCvss(score));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(10.1)]
    [InlineData(double.NaN)]
    public void Cvss_score_outside_0_to_10_is_refused(double score)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Severities.FromCvss(score));
    }

    [Fact]
    public void Asset_and_job_statuses_parse_tabularium_codes()
    {
        Assert.Equal(AssetStatus.ActiveHigh, AssetStatus.Parse("AH"));
        Assert.True(AssetStatus.ActiveLow.IsActive);
        Assert.False(AssetStatus.Frozen.IsActive);
        Assert.Equal("A", default(AssetStatus).Code);
        Assert.Throws<FormatException>(() => AssetStatus.Parse("Z"));
        Assert.Equal(JobStatus.Running, JobStatus.Parse("JR#2023-10-27T10:00:00Z"));
        Assert.Equal("JP", JobStatus.Passed.Code);
        Assert.Throws<FormatException>(() => JobStatus.Parse("JX"));
    }
}
