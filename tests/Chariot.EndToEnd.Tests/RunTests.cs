using Chariot.EndToEnd.Tests.Support;

namespace Chariot.EndToEnd.Tests;

/// <summary>One full <c>run --job --out</c> against the fake tenant; each test checks one property of what it emitted.</summary>
public sealed class RunTests(RunTests.CompletedRun run) : IClassFixture<RunTests.CompletedRun>
{
    [Fact]
    public void The_run_exits_0_and_writes_one_wrapped_model_per_line()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.ToString());
        var lines = File.ReadAllText(run.OutFile).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Length, run.Emitted.Count);
        Assert.All(run.Emitted, e => Assert.Contains(e.Type, (string[])["asset", "risk", "attribute", "file"]));
        Assert.Empty(run.Result.Out);
    }

    [Fact]
    public void Identifiers_the_card_shows_in_plain_text_are_kept_while_the_secret_is_masked()
    {
        var text = File.ReadAllText(run.OutFile);

        Assert.All(run.Of("asset"), a => Assert.Equal("b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c", a.Text("cloudRoot")));
        Assert.DoesNotContain(Chariot.Capabilities.Defender.Testing.FakeDefenderTenantOptions.DefaultClientSecret, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_machine_becomes_one_asset_on_its_lower_case_host_name()
    {
        var assets = run.Of("asset");

        Assert.Equal(run.Expected.MachineCount, assets.Count);
        Assert.Equal(assets.Count, assets.Select(a => a.Key).Distinct(StringComparer.Ordinal).Count());
        Assert.All(assets, a => Assert.Equal(a.Text("dns").ToLowerInvariant(), a.Text("dns")));
        Assert.Equal(run.Expected.AssetHosts.Order(StringComparer.Ordinal), assets.Select(a => a.Text("dns")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_internationalised_host_is_in_punycode_on_its_asset_and_on_every_risk_and_attribute_of_it()
    {
        // Issue 10.3: tabularium's asset hook (idna.ToASCII); its risks and attributes must still point at the asset.
        var unicodeHosts = run.Emitted.Where(e => e.Type is "asset" or "risk" && !System.Text.Ascii.IsValid(e.Text("dns"))).ToList();
        var asset = Assert.Single(run.Of("asset"), a => a.Text("dns").StartsWith("xn--mller-pc-65a.", StringComparison.Ordinal));
        var host = asset.Text("dns");
        var risks = run.Of("risk").Where(r => r.Text("dns") == host).ToList();
        var attributes = run.Of("attribute").Where(a => a.Text("source") == asset.Key || risks.Any(r => r.Key == a.Text("source"))).ToList();

        Assert.Empty(unicodeHosts);
        Assert.NotEmpty(risks);
        Assert.NotEmpty(attributes);
        Assert.All(risks, r => Assert.StartsWith($"#risk#{host}#", r.Key, StringComparison.Ordinal));
        Assert.All(attributes, a => Assert.Contains(host, a.Key, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_vulnerability_row_with_a_cve_becomes_one_risk_named_by_the_cve_on_its_device()
    {
        var cveRisks = run.Of("risk").Where(r => r.Text("name").StartsWith("CVE-", StringComparison.Ordinal)).Select(r => r.Key);

        Assert.Equal(run.Expected.VulnerabilityRiskKeys.Order(StringComparer.Ordinal), cveRisks.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_alert_becomes_a_risk_named_by_its_title_on_its_device_or_the_tenant()
    {
        var alertRisks = run.Of("risk").Where(r => !r.Text("name").StartsWith("CVE-", StringComparison.Ordinal)).Select(r => r.Key);

        Assert.Equal(run.Expected.AlertRiskKeys.Order(StringComparer.Ordinal), alertRisks.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_cve_and_every_alert_title_gets_one_definition_file()
    {
        var definitions = run.Of("file").Select(f => f.Text("name")).Where(n => n.StartsWith("definitions/", StringComparison.Ordinal)).ToList();

        Assert.Equal(
            run.Expected.Cves.Concat(run.Expected.AlertNames).Select(name => "definitions/" + name).Order(StringComparer.Ordinal),
            definitions.Order(StringComparer.Ordinal));
        Assert.All(run.Of("file").Where(f => f.Text("name").StartsWith("definitions/", StringComparison.Ordinal)), f => Assert.NotEmpty(f.Text("bytes")));
    }

    [Fact]
    public void No_asset_risk_or_file_key_is_sent_twice()
    {
        foreach (var type in (string[])["asset", "risk", "file"])
        {
            var keys = run.Of(type).Select(e => e.Key).ToList();
            Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Fact]
    public void The_summary_table_goes_to_stderr()
    {
        var error = run.Result.Error;
        var risks = run.Of("risk").Count;

        Assert.Contains($"summary {DefenderJob.IntegrationKey}:", error, StringComparison.Ordinal);
        Assert.Matches(@"stream\s+received\s+emitted\s+filtered\s+skipped\s+http\s+retries\s+429s", error);
        foreach (var stream in (string[])["devices", "vulnerabilities", "alerts", "definitions"])
        {
            Assert.Matches($@"(?m)^{stream}\s+\d+\s+\d+", error);
        }

        Assert.Contains($"sent {run.Expected.MachineCount} assets, {risks} risks,", error, StringComparison.Ordinal);
    }

    /// <summary>The fake tenant, and the one run these tests read.</summary>
    public sealed class CompletedRun : FakeTenantFixture
    {
        public CompletedRun() => OutFile = NewPath("results.ndjson");

        public HostResult Result { get; private set; } = null!;

        public string OutFile { get; }

        public IReadOnlyList<Emitted> Emitted { get; private set; } = [];

        public TenantExpectations Expected { get; private set; } = null!;

        public IReadOnlyList<Emitted> Of(string type) => [.. Emitted.Where(e => e.Type == type)];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Expected = new TenantExpectations(Tenant, DefenderJob.TenantDomain);
            Result = await Host().RunAsync("run", "--job", Job().WriteTo(WorkDirectory), "--out", OutFile);
            Emitted = File.Exists(OutFile) ? Support.Emitted.ReadFile(OutFile) : [];
        }
    }
}
