using System.Net;
using Chariot.Capabilities;
using Chariot.Host.Sample.Cli;
using Chariot.Host.Sample.Logging;
using NSubstitute;

namespace Chariot.Host.Sample.Tests;

[Collection(EchoGroup.Name)]
public sealed class SecretHygieneTests(EchoPackage echo)
{
    private const string Token = "echo-token-super-secret-42";
    private const string BearerFromPlugin = "echo-fake-bearer-0123456789abcdef";

    [Theory]
    [InlineData(false, "")]
    [InlineData(true, "")]
    [InlineData(true, "crash")]
    [InlineData(false, "vendor")]
    public async Task Secrets_and_bearer_tokens_appear_in_no_output_stream(bool verbose, string fail)
    {
        var host = new HostHarness(echo) { HttpHandlers = StubHttp() };
        var config = new Dictionary<string, string> { ["url"] = "https://echo.test/ping?sig=" + Token };
        if (fail.Length > 0)
        {
            config["fail"] = fail;
        }

        var output = host.PathFor("out.ndjson");
        string[] args = ["run", "--job", host.WriteJob(config, new Dictionary<string, string> { ["token"] = Token }), "--out", output];
        await host.RunAsync(verbose ? [.. args, "--verbose"] : args);

        foreach (var text in new[] { host.Out.ToString(), host.Error.ToString(), await File.ReadAllTextAsync(output) })
        {
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(BearerFromPlugin, text, StringComparison.Ordinal);
        }

        Assert.Contains("starting with token *****", host.Error.ToString(), StringComparison.Ordinal);
        if (verbose)
        {
            Assert.Contains("HTTP GET https://echo.test/ping", host.Error.ToString(), StringComparison.Ordinal);
            Assert.Contains("Authorization: Bearer *****", host.Error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_redactor_masks_known_values_bearer_tokens_jwts_and_secret_parameters()
    {
        var redactor = new SecretRedactor();
        redactor.Add(["p@ss\"word", "ab"]);

        Assert.Equal("x ***** y", redactor.Redact("x p@ss\"word y"));
        Assert.Equal("{\"v\":\"*****\"}", redactor.Redact("{\"v\":\"p@ss\\\"word\"}"));
        Assert.Equal("ab", redactor.Redact("ab"));
        Assert.Equal("Authorization: Bearer *****", redactor.Redact("Authorization: Bearer abc.def-ghi"));
        Assert.Equal("token *****", redactor.Redact("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"));
        Assert.Equal("grant&client_secret=*****&x=1", redactor.Redact("grant&client_secret=hunter22&x=1"));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("validate")]
    public async Task A_secret_too_short_to_mask_is_refused_before_any_call(string command)
    {
        // Issue 11.6: a secret under 4 characters was not masked, so a server echoing it had it printed.
        var source = Substitute.For<IHttpHandlerSource>();
        var host = new HostHarness(echo) { HttpHandlers = source };
        var output = host.PathFor("out.ndjson");
        var job = host.WriteJob(new Dictionary<string, string> { ["url"] = "https://echo.test/ping" }, new Dictionary<string, string> { ["token"] = "x7q" });

        var exit = await host.RunAsync(command == "run" ? ["run", "--job", job, "--out", output] : ["validate", "--job", job]);

        Assert.True(exit == ExitCodes.Usage, host.Error.ToString());
        Assert.Contains("The job's 'token' is not usable: is 3 characters long", host.Error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("x7q", host.Error.ToString() + host.Out.ToString(), StringComparison.Ordinal);
        Assert.Empty(source.ReceivedCalls());
        Assert.False(File.Exists(output) && new FileInfo(output).Length > 0, "results were written for a refused job");
    }

    private static IHttpHandlerSource StubHttp()
    {
        var source = Substitute.For<IHttpHandlerSource>();
        source.CreatePrimaryHandler(Arg.Any<string>()).Returns(_ => new StubHandler());
        return source;
    }

    private sealed class StubHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
    }
}
