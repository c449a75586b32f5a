using System.Globalization;
using System.Text.RegularExpressions;
using Chariot.EndToEnd.Tests.Support;

namespace Chariot.EndToEnd.Tests;

/// <summary><c>run --sandbox</c>: the host starts its own fake tenant, trusts only its certificate and runs the installed plugin.</summary>
public sealed class SandboxTests : IDisposable
{
    private readonly string _plugins = TempDirectory.Create("plugins");
    private readonly string _work = TempDirectory.Create("work");

    [Fact]
    public async Task The_sandbox_run_exits_0_with_assets_and_risks()
    {
        var host = new EndToEndHost(_plugins, _work);
        var install = await host.RunAsync("plugins", "install", DefenderPackage.Path);
        Assert.True(install.ExitCode == 0, install.ToString());
        var output = Path.Combine(_work, "sandbox.ndjson");

        var result = await host.RunAsync("run", "--sandbox", "--out", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        var emitted = Emitted.ReadFile(output);
        Assert.Contains(emitted, e => e.Type == "asset");
        Assert.Contains(emitted, e => e.Type == "risk" && e.Text("name").StartsWith("CVE-", StringComparison.Ordinal));
        Assert.Contains(emitted, e => e.Type == "risk" && !e.Text("name").StartsWith("CVE-", StringComparison.Ordinal));
        Assert.Contains("sandbox: fake Defender tenant on https://127.0.0.1:", result.Error, StringComparison.Ordinal);

        // Issue 14: the sandbox imports software: technologies, each device's HAS_TECHNOLOGY, end-of-support risks.
        Assert.Contains(emitted, e => e.Type == "technology" && e.Text("cpe").StartsWith("cpe:2.3:", StringComparison.Ordinal));
        Assert.Contains(emitted, e => e.Type == "relationship" && e.Text("label") == "HAS_TECHNOLOGY");
        Assert.Contains(emitted, e => e.Type == "risk" && e.Text("name").StartsWith("end-of-support-", StringComparison.Ordinal));

        // And internet-facing devices: each public address an asset a device DISCOVERED, with its port (HAS_PORT).
        var ports = emitted.Where(e => e.Type == "port").ToList();
        Assert.NotEmpty(ports);
        Assert.All(ports, p => Assert.Contains(emitted, e => e.Type == "relationship" && e.Text("label") == "HAS_PORT" && e.Model.GetProperty("target").GetProperty("model").GetProperty("key").GetString() == p.Text("key")));
        Assert.Contains(emitted, e => e.Type == "relationship" && e.Text("label") == "DISCOVERED");
        Assert.Contains(emitted, e => e.Type == "attribute" && e.Text("name") == "internetFacingReason");

        // Its alerts_v2 gives no nextLink: every alert is read all the same, once, on each of its hosts (issue 13: some span
        // three devices), unless every device it names is left out (stale, excluded, merged), which the summary counts.
        var alertsOnHosts = emitted
            .Where(e => e.Type == "attribute" && e.Text("name") == "defenderAlertId")
            .Select(e => (Id: e.Text("value"), Risk: e.Model.GetProperty("parent").GetProperty("model").GetProperty("key").GetString()))
            .ToList();
        var leftOut = Regex.Match(result.Error, @"skipped: alerts: (\d+) records of devices the sync leaves out");
        Assert.True(leftOut.Success, result.Error);
        Assert.Equal(alertsOnHosts.Count, alertsOnHosts.Distinct().Count());
        var sent = alertsOnHosts.Select(a => a.Id).Distinct(StringComparer.Ordinal).Count();
        Assert.Equal(Chariot.Host.Sample.Sandbox.SandboxTenant.Size.Alerts, sent + int.Parse(leftOut.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.True(alertsOnHosts.Count > sent, "no alert of the sandbox landed on several hosts");
        Assert.Matches(@"skipped: devices: \d+ devices excluded in Defender", result.Error);

        // Issue 10: line by line, what tabularium's Go code would write.
        var problems = TabulariumLines.Problems(emitted);
        Assert.True(problems.Count == 0, $"{problems.Count} problems, the first: {string.Join(Environment.NewLine, problems.Take(10))}");
    }

    [Fact]
    public async Task The_sandbox_says_how_to_install_the_plugin_when_it_is_missing()
    {
        var result = await new EndToEndHost(_plugins, _work).RunAsync("run", "--sandbox");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("plugins install", result.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        TempDirectory.Delete(_plugins);
        TempDirectory.Delete(_work);
    }
}
