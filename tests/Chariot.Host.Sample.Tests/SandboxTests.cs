using Chariot.Host.Sample.Http;
using Chariot.Host.Sample.Sandbox;

namespace Chariot.Host.Sample.Tests;

public sealed class SandboxTests
{
    [Fact]
    public async Task The_sandbox_job_points_at_a_live_fake_tenant_whose_certificate_only_the_sandbox_trusts()
    {
        await using var sandbox = await SandboxTenant.StartAsync(TimeProvider.System, CancellationToken.None);
        var job = sandbox.Job;
        var token = new Uri($"{job.Config["authority_host"]}/{job.Secret["tenant_id"]}/oauth2/v2.0/token");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = job.Secret["client_id"],
            ["client_secret"] = job.Secret["client_secret"],
            ["scope"] = $"{job.Config["graph_endpoint"]}/.default",
        });

        using var trusting = new HttpClient(sandbox.HttpHandlers.CreatePrimaryHandler("test"));
        using var answer = await trusting.PostAsync(token, form);
        using var untrusting = new HttpClient(new SystemHttpHandlerSource().CreatePrimaryHandler("test"));

        Assert.True(job.Integration?.IsClass("defender"));
        Assert.StartsWith("https://127.0.0.1:", job.Config["defender_endpoint"], StringComparison.Ordinal);
        Assert.True((int)answer.StatusCode < 500, $"token endpoint answered {(int)answer.StatusCode}");
        await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync(new Uri(job.Config["graph_endpoint"])));
    }

    [Fact]
    public async Task The_sandbox_tenant_remembers_only_its_latest_requests_however_long_it_serves()
    {
        await using var sandbox = await SandboxTenant.StartAsync(TimeProvider.System, CancellationToken.None);
        using var client = new HttpClient(sandbox.HttpHandlers.CreatePrimaryHandler("test"));
        var unknown = new Uri(new Uri(sandbox.Job.Config["graph_endpoint"]), "/not-an-api");

        for (var i = 0; i < SandboxTenant.RequestLogCapacity + 10; i++)
        {
            using var answer = await client.GetAsync(unknown);
        }

        Assert.Equal(SandboxTenant.RequestLogCapacity, sandbox.Requests.All.Count);
    }
}
