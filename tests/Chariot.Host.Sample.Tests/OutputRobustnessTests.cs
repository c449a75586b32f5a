using System.Text.Json;
using Chariot.Capabilities.Json;
using Chariot.Capabilities.Models;
using Chariot.Host.Sample.Cli;
using Chariot.Host.Sample.Logging;
using Chariot.Host.Sample.Output;

namespace Chariot.Host.Sample.Tests;

[Collection(EchoGroup.Name)]
public sealed class OutputRobustnessTests(EchoPackage echo)
{
    [Fact]
    public async Task Masking_never_breaks_an_ndjson_line()
    {
        var output = new StringWriter();
        await using (var writer = NdjsonResultWriter.Open(null, output, new SecretRedactor()))
        {
            var risk = new Risk("h.contoso.com", "cmd", RiskStatus.Triage(Severity.Low)) { Comment = "ran: tool --password=\"x\" --client_secret=abc123" };
            await writer.WriteAsync(risk, CancellationToken.None);
        }

        var line = output.ToString().TrimEnd('\n');
        var model = Assert.IsType<Risk>(ChariotJson.Unwrap(line));
        Assert.DoesNotContain("abc123", model.Comment, StringComparison.Ordinal);
        Assert.Contains("client_secret=*****", model.Comment, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(line);
        Assert.Equal("risk", document.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_unexpected_error_is_one_masked_line_and_an_exit_code_not_a_crash()
    {
        var host = new HostHarness(echo);
        var directory = TempDirectory.Create("out-is-a-directory");

        var exitCode = await host.RunAsync("run", "--job", host.WriteJob(), "--out", directory);

        Assert.Equal(ExitCodes.Usage, exitCode);
        var error = host.Error.ToString();
        Assert.StartsWith("error: ", error.TrimStart(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
