using Chariot.Capabilities.Defender.Alerts;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Sync;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Tests.Sync;

/// <summary>Issue 13: an alert whose evidence names several devices is a risk on each of their hosts.</summary>
public sealed class MultiDeviceAlertTests
{
    private static readonly DateTimeOffset Now = DefenderHarness.Start;

    private static FakeAlert Alert(string id, string status, DateTimeOffset updated, params string[] devices) =>
        new(id, "Lateral movement detected", "high", status, "microsoftDefenderForEndpoint", Now.AddHours(-3), updated) { DeviceIds = devices };

    private static long Received(RunResult result) => result.Context.Summary.Stream("alerts").Received;

    [Fact]
    public async Task An_alert_on_three_devices_is_a_risk_on_each_host_with_its_facts_and_proof()
    {
        var harness = DefenderHarness.SmallVulnerable();
        var (a, b, c) = (harness.Tenant.Machine(1), harness.Tenant.Machine(2), harness.Tenant.Machine(3));
        harness.Tenant.AddAlert(Alert("multi", "new", Now.AddHours(-1), a.Id, b.Id, a.Id, c.Id));

        var result = (await harness.InvokeAsync()).Succeeded();

        var risks = result.Risks.Where(r => r.Name == "lateral-movement-detected").ToList();
        Assert.Equal(new[] { a, b, c }.Select(m => m.ComputerDnsName.ToLowerInvariant()).Order(StringComparer.Ordinal), risks.Select(r => r.Dns).Order(StringComparer.Ordinal));
        Assert.All(risks, risk =>
        {
            Assert.Equal("TH", risk.Status.Code);
            Assert.Equal(Now.AddHours(-3), risk.Created);
            Assert.Contains(result.Attributes, x => x.Source == risk.Key && x.Name == "defenderAlertId" && x.Value == "multi");
            var proof = Assert.Single(result.Files, f => f.Name == $"proofs/{risk.Dns}/lateral-movement-detected");
            Assert.Contains("Microsoft Defender alert multi", System.Text.Encoding.UTF8.GetString(proof.Bytes.Span), StringComparison.Ordinal);
        });
        Assert.Equal(3, Received(result)); // a record per host: the summary still adds up
        Assert.Equal(3, risks.Select(r => r.UniqueId).Distinct().Count()); // each risk its own guid
    }

    [Fact]
    public async Task When_the_alert_resolves_every_host_s_risk_is_remediated()
    {
        var harness = DefenderHarness.SmallVulnerable();
        var (a, b) = (harness.Tenant.Machine(1), harness.Tenant.Machine(2));
        harness.Tenant.AddAlert(Alert("multi", "new", Now.AddHours(-1), a.Id, b.Id));
        (await harness.InvokeAsync()).Succeeded();
        Assert.Equal(2, harness.SavedAlertCheckpoint().Open!.Count(o => o.Id == AlertPrint.Of("multi")));

        harness.Time.Advance(TimeSpan.FromHours(1));
        harness.Tenant.UpdateAlert("multi", x => x with { Status = "resolved", LastUpdateDateTime = Now.AddMinutes(30) });
        var second = (await harness.InvokeAsync()).Succeeded();

        Assert.Equal(["RH", "RH"], second.Risks.Where(r => r.Name == "lateral-movement-detected").Select(r => r.Status.Code));
        Assert.DoesNotContain(harness.SavedAlertCheckpoint().Open!, o => o.Id == AlertPrint.Of("multi"));
    }

    [Fact]
    public async Task A_device_left_out_takes_only_its_own_risk_of_the_alert()
    {
        var harness = DefenderHarness.SmallVulnerable();
        var kept = harness.Tenant.Machine(1);
        var excluded = harness.Tenant.Machine(0) with { Id = "e".PadRight(40, '0'), ComputerDnsName = "excluded.corp.contoso.com", IsExcluded = true };
        harness.Tenant.AddMachine(excluded);
        harness.Tenant.AddAlert(Alert("partly", "new", Now.AddHours(-1), excluded.Id, kept.Id));

        var result = (await harness.InvokeAsync()).Succeeded();

        Assert.Equal([kept.ComputerDnsName.ToLowerInvariant()], result.Risks.Where(r => r.Name == "lateral-movement-detected").Select(r => r.Dns));
        Assert.Equal(0, result.Context.Summary.Stream("alerts").SkippedFor(SkipReasons.DeviceOutOfScope));
    }

    [Fact]
    public void A_later_version_on_fewer_hosts_forgets_the_hosts_it_no_longer_names()
    {
        var memory = new SyncOptions().OpenAlertMemory;
        using var first = new DetectionStates(memory);
        var onTwo = Mapped("x", "new").OnHost("pc-a.contoso.com");
        Assert.Equal(2, first.Admit(AlertPrint.Of("x"), Now, [onTwo, onTwo.OnHost("pc-b.contoso.com")]).Count);
        var saved = first.OpenAlerts(Now).ToList();
        Assert.Equal(
            new[] { "#risk#pc-a.contoso.com#lateral-movement-detected", "#risk#pc-b.contoso.com#lateral-movement-detected" }.Select(AlertPrint.Of).Order(),
            saved.Select(o => o.Risk));

        using var next = new DetectionStates(memory, saved);
        Assert.Equal(2, next.OpenCount);
        Assert.Empty(next.Admit(AlertPrint.Of("x"), Now.AddHours(1), Mapped("x", "resolved").OnHost("pc-a.contoso.com")));

        Assert.Equal(0, next.OpenCount);
        var (closed, stillOpen) = Assert.Single(next.Closed());
        Assert.Equal(("pc-a.contoso.com", false), (closed.Risk.Dns, stillOpen));
    }

    [Fact]
    public void An_alert_forgotten_holds_none_of_its_hosts_open()
    {
        using var states = new DetectionStates(new SyncOptions().OpenAlertMemory);
        var onA = Mapped("x", "new").OnHost("pc-a.contoso.com");
        states.Admit(AlertPrint.Of("x"), Now, [onA, onA.OnHost("pc-b.contoso.com")]);
        Assert.Equal(2, states.OpenCount);

        states.Forget(AlertPrint.Of("x")); // its new version names no device in scope

        Assert.Equal(0, states.OpenCount);
        Assert.Empty(states.OpenAlerts(Now));
    }

    private static MappedAlert Mapped(string id, string status) =>
        AlertToRisk.Map(new GraphAlert { Id = id, Title = "Lateral movement detected", Severity = "high", Status = status }, "contoso.onmicrosoft.com", out _)!;
}
