using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Json;

namespace Chariot.Capabilities.Defender.Tests.Sync;

[Collection(DrivenClock.Alone)]
public sealed class SecretHygieneTests
{
    private static void AssertNowhere(DefenderHarness harness, RunResult result)
    {
        var secrets = harness.TokensSent.Append(FakeDefenderTenantOptions.DefaultClientSecret).Distinct().ToArray();
        Assert.True(secrets.Length > 1, "the run sent tokens");
        var texts = harness.Logs.GetSnapshot().Select(l => l.Message + " " + l.Exception)
            .Concat(result.Models.Select(ChariotJson.Wrap))
            .Concat([result.Failure?.ToString() ?? "", result.Context.Summary.ToTable(), harness.Job().ToString()])
            .Concat(harness.Checkpoints.Values.Values)
            .ToArray();
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_opaque_token_a_service_echoes_in_its_error_is_masked()
    {
        // Issue 11.6: not a JWT, so nothing downstream recognised it as a token.
        const string Token = "opaque-access-token-7f3a9c2e41b8";
        var endpoint = new Api.ApiEndpoint("machines", "Machine.Read.All", "WindowsDefenderATP", new Uri("https://api.securitycenter.microsoft.com"));
        var request = new HttpRequestMessage(HttpMethod.Get, "https://api.securitycenter.microsoft.com/api/machines");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized)
        {
            RequestMessage = request,
            Content = new StringContent("""{"error":{"code":"InvalidToken","message":"The token """ + Token + """ is not valid for this tenant"}}"""),
        };

        var error = await Assert.ThrowsAsync<Chariot.Capabilities.CapabilityException>(
            () => Api.ApiFailures.EnsureSuccessAsync(response, endpoint, CancellationToken.None));

        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidToken: The token ***** is not valid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_secret_or_token_appears_in_logs_results_or_checkpoints()
    {
        var harness = new DefenderHarness();
        harness.Tenant.Faults.OnCall(FakeEndpoint.Machines, 2, Fault.RevokedToken());

        var result = (await harness.InvokeAsync()).Succeeded();

        AssertNowhere(harness, result);
    }

    [Fact]
    public async Task No_secret_or_token_appears_when_a_run_fails()
    {
        var harness = new DefenderHarness();
        harness.Config[DefenderKeys.AlertSeverity] = "high";
        for (var call = 2; call < 20; call++)
        {
            harness.Tenant.Faults.OnCall(FakeEndpoint.GraphAlerts, call, Fault.ServerError(503));
        }

        var result = await harness.DriveAsync(() => harness.InvokeAsync());

        Assert.NotNull(result.Failure);
        AssertNowhere(harness, result);
    }
}
