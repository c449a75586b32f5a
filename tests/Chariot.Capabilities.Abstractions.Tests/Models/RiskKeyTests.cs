using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Tests.Models;

// Expected values come from tabularium's risk_test.go (TestRiskConstructors, TestRisk_Valid).
public sealed class RiskKeyTests
{
    [Theory]
    [InlineData("Test Risk", "test-risk", "Test Risk")]
    [InlineData("CVE-2023-12345", "CVE-2023-12345", "CVE-2023-12345")]
    [InlineData("cve-2023-12345", "CVE-2023-12345", "CVE-2023-12345")]
    [InlineData("Suspicious execution of hidden file", "suspicious-execution-of-hidden-file", "Suspicious execution of hidden file")]
    [InlineData("cve-2023-12345 extra", "cve-2023-12345-extra", "cve-2023-12345 extra")]
    public void Name_is_formatted_by_tabulariums_rule(string given, string expected, string title)
    {
        var risk = new Risk("example.com", given, RiskStatus.Triage(Severity.Info));

        Assert.Equal(expected, risk.Name);
        Assert.Equal(title, risk.Title);
        Assert.Equal($"#risk#example.com#{expected}", risk.Key);
    }

    [Fact]
    public void Valid_risk_has_the_two_segment_key_of_tabularium()
    {
        var risk = new Risk("test", "test", RiskStatus.Parse("TI"));

        Assert.Equal("#risk#test#test", risk.Key);
        Assert.Null(risk.KeyProblem());
        Assert.True(ModelKeys.IsValidRisk(risk.Key));
    }

    [Theory]
    [InlineData("", "test")]
    [InlineData("test", "")]
    public void Risk_without_dns_or_name_is_invalid(string dns, string name)
    {
        var risk = new Risk(dns, name, RiskStatus.Triage(Severity.Info));

        Assert.NotNull(risk.KeyProblem());
        Assert.False(ModelKeys.IsValidRisk(risk.Key));
    }

    [Fact]
    public void A_hash_in_the_name_never_adds_a_key_segment()
    {
        var risk = new Risk("host.contoso.com", "C# compiler #2 issue", RiskStatus.Triage(Severity.Low));

        Assert.Equal("c--compiler--2-issue", risk.Name);
        Assert.Equal("#risk#host.contoso.com#c--compiler--2-issue", risk.Key);
        Assert.Null(risk.KeyProblem());
    }

    [Fact]
    public void A_hash_in_the_dns_makes_the_risk_invalid_with_a_reason()
    {
        var risk = new Risk("bad#host", "cve-2024-1", RiskStatus.Triage(Severity.Low));

        Assert.False(ModelKeys.IsValidRisk(risk.Key));
        Assert.Contains("exactly two segments", risk.KeyProblem(), StringComparison.Ordinal);
    }

    [Fact]
    public void Name_set_through_with_is_formatted_too()
    {
        var risk = new Risk("h", "a", RiskStatus.Triage(Severity.Low)) with { Name = "Mixed Case" };

        Assert.Equal("mixed-case", risk.Name);
    }

    [Fact]
    public void Risk_dns_keeps_its_case_in_the_key_as_tabularium_does()
    {
        var risk = new Risk("Host.Contoso.com", "x", RiskStatus.Triage(Severity.Low));

        Assert.Equal("#risk#Host.Contoso.com#x", risk.Key);
    }

    [Fact]
    public void Definition_file_has_the_four_sections_in_tabulariums_format()
    {
        var risk = new Risk("h", "CVE-2024-7256", RiskStatus.Triage(Severity.High));

        var file = risk.Definition(new RiskDefinition("desc", "", "patch", "https://nvd.nist.gov/vuln/detail/CVE-2024-7256"));

        Assert.Equal("definitions/CVE-2024-7256", file.Name);
        Assert.Equal("#file#definitions/CVE-2024-7256", file.Key);
        Assert.False(file.Overwrite);
        Assert.Equal(
            "#### Vulnerability Description\ndesc\n#### Recommendation\npatch\n#### References\nhttps://nvd.nist.gov/vuln/detail/CVE-2024-7256\n",
            System.Text.Encoding.UTF8.GetString(file.Bytes.Span));
    }

    [Fact]
    public void Proof_file_is_under_proofs_dns_name()
    {
        var risk = new Risk("host.contoso.com", "Malware Found", RiskStatus.Triage(Severity.High));

        Assert.Equal("proofs/host.contoso.com/malware-found", risk.Proof("x"u8.ToArray()).Name);
    }
}
