using Chariot.Capabilities;
using Chariot.Capabilities.Models;
using Chariot.Host.Sample.Cli;
using Chariot.Host.Sample.Jobs;

namespace Chariot.Host.Sample.Tests;

[Collection(EchoGroup.Name)]
public sealed class EnvironmentDefaultsTests(EchoPackage echo)
{
    private static readonly CapabilityMetadata Metadata = new("x", "X", "x", Surface.Internal, 10, "x", null)
    {
        EnvironmentDefaults =
        [
            new EnvironmentDefault("X_SECRET", CardFieldTarget.Secret, "client_secret") { UnlessPresent = ["client_certificate"] },
            new EnvironmentDefault("X_URL", CardFieldTarget.Config, "graph_endpoint") { TrimSuffix = "/v1.0" },
        ],
    };

    [Fact]
    public void Variables_fill_only_the_values_the_job_leaves_out()
    {
        var job = new Job { Config = new Dictionary<string, string> { ["graph_endpoint"] = "https://mine" } };
        var variables = new Dictionary<string, string> { ["X_SECRET"] = "from-env", ["X_URL"] = "https://env/v1.0/" };

        var filled = EnvironmentDefaultsApplier.Apply(job, Metadata, variables.GetValueOrDefault);

        Assert.Equal("from-env", filled.Secret["client_secret"]);
        Assert.Equal("https://mine", filled.Config["graph_endpoint"]);
    }

    [Fact]
    public void A_default_the_job_makes_unneeded_is_not_applied()
    {
        var job = new Job { Secret = new JobSecret([KeyValuePair.Create("client_certificate", "MIIK...")]) };
        var variables = new Dictionary<string, string> { ["X_SECRET"] = "from-env" };

        var filled = EnvironmentDefaultsApplier.Apply(job, Metadata, variables.GetValueOrDefault);

        Assert.False(filled.Secret.ContainsKey("client_secret"));
    }

    [Fact]
    public void Values_are_normalized_and_blank_variables_ignored()
    {
        var job = new Job { Secret = new JobSecret([KeyValuePair.Create("client_secret", "kept")]) };
        var variables = new Dictionary<string, string> { ["X_SECRET"] = "other", ["X_URL"] = " https://env/v1.0/ " };

        var filled = EnvironmentDefaultsApplier.Apply(job, Metadata, variables.GetValueOrDefault);

        Assert.Equal("kept", filled.Secret["client_secret"]);
        Assert.Equal("https://env", filled.Config["graph_endpoint"]);
        Assert.Same(job, EnvironmentDefaultsApplier.Apply(job, Metadata, _ => "  "));
    }

    [Fact]
    public async Task A_job_without_a_token_runs_with_the_plugins_environment_variable()
    {
        var host = new HostHarness(echo);
        host.Variables["ECHO_TOKEN"] = "token-from-environment";
        host.Variables["ECHO_COUNT"] = "1";

        var exitCode = await host.RunAsync("run", "--job", host.WriteJob(secret: new Dictionary<string, string>()));

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(2, HostHarness.Lines(host.Out.ToString()).Count);
        Assert.DoesNotContain("token-from-environment", host.Error.ToString(), StringComparison.Ordinal);
    }
}
