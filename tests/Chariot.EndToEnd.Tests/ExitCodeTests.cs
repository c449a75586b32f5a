using Chariot.Capabilities.Defender.Testing;
using Chariot.EndToEnd.Tests.Support;

namespace Chariot.EndToEnd.Tests;

/// <summary>The exit code contract: 0 success, 1 the capability failed, 2 a usage or configuration error; and the message says what to fix.</summary>
public sealed class ExitCodeTests(FakeTenantFixture fixture) : IClassFixture<FakeTenantFixture>
{
    private const string NotJson = "{\"username\": \"e2e@chariot.local\",\n  \"config\": {,}\n}";

    [Fact]
    public async Task A_malformed_tenant_id_is_a_configuration_error_naming_tenant_id()
    {
        var job = fixture.Job();
        job.Secret["tenant_id"] = "not a tenant";

        var result = await RunAsync(job);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'tenant_id'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Tenant.Requests.All, r => r.Endpoint == FakeEndpoint.Token);
    }

    [Fact]
    public async Task A_graph_endpoint_that_is_not_https_is_a_configuration_error_naming_graph_endpoint()
    {
        var job = fixture.Job();
        job.Config["graph_endpoint"] = "http" + job.Config["graph_endpoint"]["https".Length..];

        var result = await RunAsync(job);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'graph_endpoint'", result.Error, StringComparison.Ordinal);
        Assert.Contains("is not an https URL", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_id_pasted_as_the_secret_fails_the_job_asking_for_the_secret_value()
    {
        var job = fixture.Job();
        job.Secret["client_secret"] = fixture.Tenant.Options.Apps[0].ClientSecretId;

        var result = await RunAsync(job);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("AADSTS7000215", result.Error, StringComparison.Ordinal);
        Assert.Contains("paste the secret VALUE", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_without_Machine_Read_All_fails_the_job_naming_the_permission()
    {
        var job = fixture.Job();
        job.Secret["client_id"] = FakeTenantFixture.AppWithoutMachineRead.ClientId;
        job.Secret["client_secret"] = FakeTenantFixture.AppWithoutMachineRead.ClientSecret!;

        var result = await RunAsync(job);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("lacks the Machine.Read.All permission", result.Error, StringComparison.Ordinal);
        Assert.Contains("(403)", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("validate")]
    public async Task With_internet_facing_devices_on_an_app_without_ThreatHunting_Read_All_fails_naming_the_permission(string command)
    {
        var job = fixture.Job();
        job.Config["import_internet_facing"] = "true";
        job.Secret["client_id"] = FakeTenantFixture.AppWithoutHunting.ClientId;
        job.Secret["client_secret"] = FakeTenantFixture.AppWithoutHunting.ClientSecret!;
        var output = fixture.NewPath("results.ndjson");

        var result = await fixture.Host().RunAsync(command == "run"
            ? ["run", "--job", job.WriteTo(fixture.WorkDirectory), "--out", output]
            : ["validate", "--job", job.WriteTo(fixture.WorkDirectory)]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("lacks the ThreatHunting.Read.All permission", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeTenantFixture.AppWithoutHunting.ClientSecret!, result.Error + result.Out, StringComparison.Ordinal);
        if (command == "run")
        {
            // Checked before anything is sent: no device, no partial output.
            Assert.True(!File.Exists(output) || !File.ReadLines(output).Any(line => line.Contains("\"asset\"", StringComparison.Ordinal)), File.Exists(output) ? File.ReadAllText(output) : "");
        }
    }

    [Theory]
    [InlineData("run")]
    [InlineData("run", "--job", "{missing}")]
    [InlineData("run", "--job", "{invalid}")]
    [InlineData("run", "--job", "{job}", "--sandbox")]
    [InlineData("run", "--job", "{job}", "--parallel", "0")]
    [InlineData("run", "--job", "{job}", "--every", "soon")]
    [InlineData("validate")]
    [InlineData("affiliation", "--job", "{job}")]
    [InlineData("synchronize", "--job", "{job}")]
    public async Task A_usage_error_exits_2_with_a_message(params string[] args)
    {
        var invalid = fixture.NewPath("invalid.json");
        await File.WriteAllTextAsync(invalid, NotJson);
        var files = new Dictionary<string, string>
        {
            ["{missing}"] = fixture.NewPath("missing.json"),
            ["{invalid}"] = invalid,
            ["{job}"] = fixture.Job().WriteTo(fixture.WorkDirectory),
        };

        fixture.Tenant.Requests.Clear();

        var result = await fixture.Host().RunAsync([.. args.Select(a => files.GetValueOrDefault(a, a))]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(result.Out);
        Assert.Empty(fixture.Tenant.Requests.All);
    }

    [Fact]
    public async Task A_job_file_that_is_not_json_is_reported_with_its_line_and_position()
    {
        var invalid = fixture.NewPath("invalid.json");
        await File.WriteAllTextAsync(invalid, NotJson);

        var result = await fixture.Host().RunAsync("run", "--job", invalid);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("at line 2, position", result.Error, StringComparison.Ordinal);
    }

    private async Task<HostResult> RunAsync(DefenderJob job)
    {
        fixture.Tenant.Requests.Clear();
        return await fixture.Host().RunAsync("run", "--job", job.WriteTo(fixture.WorkDirectory), "--out", fixture.NewPath("results.ndjson"));
    }
}
