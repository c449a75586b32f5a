using Chariot.Capabilities.Defender.Testing;
using Chariot.EndToEnd.Tests.Support;

namespace Chariot.EndToEnd.Tests;

/// <summary><c>run --state DIR</c>: the checkpoints saved by one run make the next one incremental.</summary>
public sealed class IncrementalRunTests(FakeTenantFixture fixture) : IClassFixture<FakeTenantFixture>
{
    [Fact]
    public async Task A_second_run_with_the_same_state_asks_only_for_alerts_updated_since_and_sends_only_those()
    {
        var host = fixture.Host();
        var job = fixture.Job().WriteTo(fixture.WorkDirectory);
        var state = fixture.NewPath("state");

        var first = await RunAsync(host, job, state);
        var firstFilters = AlertFilters();
        var changed = fixture.Tenant.Alerts[0];
        Assert.True(fixture.Tenant.UpdateAlert(changed.Id, a => a with { Status = "resolved" }));
        var vulnerable = Enumerable.Range(0, (int)fixture.Tenant.VulnerabilityRowCount)
            .Select(i => fixture.Tenant.VulnerabilityRow(i))
            .First(r => r?.CveId is not null)!;
        Assert.True(fixture.Tenant.FixVulnerability(vulnerable.DeviceId, vulnerable.CveId!) > 0);
        var second = await RunAsync(host, job, state);
        var secondFilters = AlertFilters();

        Assert.NotEmpty(Directory.GetFiles(state, "*.checkpoint", SearchOption.AllDirectories));
        // The first run reads the last 30 days; the second only from where the first one ended.
        var firstFrom = Assert.Single(firstFilters.Where(f => f.Length > 0).Select(From).Distinct());
        var secondFrom = Assert.Single(secondFilters.Where(f => f.Length > 0).Select(From).Distinct());
        Assert.InRange(fixture.Tenant.TimeProvider.GetUtcNow() - firstFrom, TimeSpan.FromDays(30), TimeSpan.FromDays(30) + TimeSpan.FromMinutes(5));
        Assert.True(secondFrom > firstFrom.AddDays(29), $"the second run read from {secondFrom}, the first from {firstFrom}");

        Assert.True(first.AlertRisks.Count > 1, $"the first run sent {first.AlertRisks.Count} alert risks");
        var resent = Assert.Single(second.AlertRisks);
        Assert.Equal(changed.Title.ToLowerInvariant().Replace(' ', '-'), resent.Text("name"));
        Assert.StartsWith("R", resent.Text("status"), StringComparison.Ordinal);

        // Devices are a full sync; vulnerabilities come as changes: the one fixed since, remediated.
        Assert.Equal(first.Assets, second.Assets);
        Assert.True(first.VulnerabilityRisks.Count > 1, $"the first run sent {first.VulnerabilityRisks.Count} vulnerability risks");
        Assert.Contains(Requests(FakeEndpoint.SoftwareVulnerabilityChangesByMachine), r => r.Query.ContainsKey("sinceTime"));
        Assert.Empty(Requests(FakeEndpoint.SoftwareVulnerabilitiesByMachine));
        var remediated = Assert.Single(second.VulnerabilityRisks);
        Assert.Equal((vulnerable.CveId, 'R'), (remediated.Text("name"), remediated.Text("status")[0]));
    }

    private async Task<RunOutcome> RunAsync(EndToEndHost host, string job, string state)
    {
        fixture.Tenant.Requests.Clear();
        var output = fixture.NewPath("results.ndjson");
        var result = await host.RunAsync("run", "--job", job, "--out", output, "--state", state);
        Assert.True(result.ExitCode == 0, result.ToString());
        var risks = Emitted.ReadFile(output).Where(e => e.Type == "risk").ToList();
        return new RunOutcome(
            Emitted.ReadFile(output).Count(e => e.Type == "asset"),
            [.. risks.Where(r => r.Text("name").StartsWith("CVE-", StringComparison.Ordinal))],
            [.. risks.Where(r => !r.Text("name").StartsWith("CVE-", StringComparison.Ordinal))]);
    }

    private static DateTimeOffset From(string filter)
    {
        var match = System.Text.RegularExpressions.Regex.Match(filter, "lastUpdateDateTime ge (\\S+)");
        Assert.True(match.Success, filter);
        return DateTimeOffset.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    // The $filter of every alerts_v2 request since the log was last cleared ("" when a request had none).
    private List<string> AlertFilters() =>
        [.. fixture.Tenant.Requests.To(FakeEndpoint.GraphAlerts).Select(r => r.Query.GetValueOrDefault("$filter") ?? "")];

    private IReadOnlyList<Capabilities.Defender.Testing.Recording.RecordedRequest> Requests(FakeEndpoint endpoint) => fixture.Tenant.Requests.To(endpoint);

    private sealed record RunOutcome(int Assets, IReadOnlyList<Emitted> VulnerabilityRisks, IReadOnlyList<Emitted> AlertRisks);
}
