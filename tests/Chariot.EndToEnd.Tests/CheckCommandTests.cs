using System.Text.Json;
using Chariot.EndToEnd.Tests.Support;

namespace Chariot.EndToEnd.Tests;

/// <summary><c>validate</c> (the UI's validate button) and <c>affiliation</c> (is this asset the tenant's?) against the fake tenant.</summary>
public sealed class CheckCommandTests(FakeTenantFixture fixture) : IClassFixture<FakeTenantFixture>
{
    [Fact]
    public async Task Validate_with_working_credentials_exits_0_and_says_valid()
    {
        var result = await fixture.Host().RunAsync("validate", "--job", fixture.Job().WriteTo(fixture.WorkDirectory));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("""{"valid":true}""", result.Out.Trim());
    }

    [Fact]
    public async Task Validate_with_a_wrong_secret_exits_1_and_says_which_credential_to_fix()
    {
        var job = fixture.Job();
        job.Secret["client_secret"] = "wrong~secret.value_for_validation_0000";

        var result = await fixture.Host().RunAsync("validate", "--job", job.WriteTo(fixture.WorkDirectory));

        Assert.True(result.ExitCode == 1, result.ToString());
        var answer = JsonDocument.Parse(result.Out).RootElement;
        Assert.False(answer.GetProperty("valid").GetBoolean());
        Assert.Equal("credentials", answer.GetProperty("failure").GetString());
        Assert.Contains("AADSTS7000215", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(3L)] // o'brien-laptop: the apostrophe must be escaped in the OData filter
    [InlineData(5L)] // müller-pc
    public async Task A_machine_host_name_is_affiliated(long machine)
    {
        var host = TenantExpectations.HostName(fixture.Tenant.Machine(machine).ComputerDnsName);

        var result = await fixture.Host().RunAsync("affiliation", "--job", fixture.Job().WriteTo(fixture.WorkDirectory), "--dns", host);

        AssertAnswer(result, $"#asset#{host}#{host}", affiliated: true);
    }

    [Fact]
    public async Task An_unknown_host_name_is_not_affiliated()
    {
        const string Unknown = "not-a-device.fabrikam.example";

        var result = await fixture.Host().RunAsync("affiliation", "--job", fixture.Job().WriteTo(fixture.WorkDirectory), "--dns", Unknown);

        AssertAnswer(result, $"#asset#{Unknown}#{Unknown}", affiliated: false);
    }

    [Fact]
    public async Task An_unknown_host_name_with_a_machine_address_is_affiliated_by_the_address()
    {
        const string Unknown = "renamed-device.fabrikam.example";
        var address = fixture.Tenant.Machine(1).LastIpAddress!;

        var result = await fixture.Host().RunAsync("affiliation", "--job", fixture.Job().WriteTo(fixture.WorkDirectory), "--dns", Unknown, "--ip", address);

        AssertAnswer(result, $"#asset#{Unknown}#{address}", affiliated: true);
    }

    private static void AssertAnswer(HostResult result, string asset, bool affiliated)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        var answer = JsonDocument.Parse(Assert.Single(result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(asset, answer.GetProperty("asset").GetString());
        Assert.Equal(affiliated, answer.GetProperty("affiliated").GetBoolean());
    }
}
