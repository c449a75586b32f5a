using Chariot.EndToEnd.Tests.Support;

namespace Chariot.EndToEnd.Tests;

/// <summary>
/// No client secret and no access token ever reaches stdout, stderr, the results file or the state directory: on
/// success and on every failure path, with and without <c>--verbose</c> (which logs every HTTP call).
/// </summary>
public sealed class SecretHygieneTests(FakeTenantFixture fixture) : IClassFixture<FakeTenantFixture>
{
    private const string WrongSecret = "wrong~secret.value_never_to_be_printed_42";

    [Theory]
    [InlineData("success", false)]
    [InlineData("success", true)]
    [InlineData("wrong secret", false)]
    [InlineData("wrong secret", true)]
    [InlineData("missing permission", false)]
    [InlineData("missing permission", true)]
    [InlineData("validate", true)]
    [InlineData("validate with a wrong secret", true)]
    [InlineData("affiliation", true)]
    public async Task Secrets_and_tokens_appear_in_no_output(string scenario, bool verbose)
    {
        var job = fixture.Job();
        if (scenario.Contains("wrong secret", StringComparison.Ordinal))
        {
            job.Secret["client_secret"] = WrongSecret;
        }
        else if (scenario == "missing permission")
        {
            job.Secret["client_id"] = FakeTenantFixture.AppWithoutMachineRead.ClientId;
            job.Secret["client_secret"] = FakeTenantFixture.AppWithoutMachineRead.ClientSecret!;
        }

        var jobFile = job.WriteTo(fixture.WorkDirectory);
        var output = fixture.NewPath("results.ndjson");
        var state = fixture.NewPath("state");
        string[] args = scenario switch
        {
            "affiliation" => ["affiliation", "--job", jobFile, "--dns", TenantExpectations.HostName(fixture.Tenant.Machine(0).ComputerDnsName)],
            _ when scenario.StartsWith("validate", StringComparison.Ordinal) => ["validate", "--job", jobFile],
            _ => ["run", "--job", jobFile, "--out", output, "--state", state],
        };

        var tokensBefore = fixture.Http.Tokens.Count;
        var result = await fixture.Host().RunAsync(verbose ? [.. args, "--verbose"] : args);

        Assert.Equal(scenario is "success" or "validate" or "affiliation" ? 0 : 1, result.ExitCode);
        var secrets = Secrets();
        if (!scenario.Contains("wrong secret", StringComparison.Ordinal))
        {
            // This run signed in: its tokens are among those looked for, so the check below is not vacuous.
            Assert.True(fixture.Http.Tokens.Count > tokensBefore, "no access token was issued to this run");
        }

        if (scenario == "success")
        {
            Assert.NotEmpty(File.ReadAllText(output));
            Assert.NotEmpty(Directory.GetFiles(state, "*", SearchOption.AllDirectories));
        }

        foreach (var (stream, text) in Outputs(result, output, state))
        {
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{stream} contains {Describe(secret)}");
            }
        }

        if (verbose && !scenario.Contains("wrong secret", StringComparison.Ordinal))
        {
            // Every call was logged with its Authorization header, masked.
            Assert.Contains("Authorization: Bearer *****", result.Error, StringComparison.Ordinal);
        }
    }

    // Every client secret any test here used, and every access token the fake issued or a client sent so far.
    private List<string> Secrets() =>
    [
        .. fixture.Tenant.Options.Apps.Select(app => app.ClientSecret!),
        WrongSecret,
        .. fixture.Http.Tokens,
    ];

    private static IEnumerable<(string Stream, string Text)> Outputs(HostResult result, string output, string state)
    {
        yield return ("stdout", result.Out);
        yield return ("stderr", result.Error);
        if (File.Exists(output))
        {
            yield return ("the results file", File.ReadAllText(output));
        }

        if (Directory.Exists(state))
        {
            foreach (var file in Directory.EnumerateFiles(state, "*", SearchOption.AllDirectories))
            {
                yield return ($"state file {file}", Path.GetRelativePath(state, file) + "\n" + File.ReadAllText(file));
            }
        }
    }

    private static string Describe(string secret) => secret.StartsWith("eyJ", StringComparison.Ordinal) ? "an access token" : "a client secret";
}
