using System.Globalization;
using System.Net.Http.Headers;
using Chariot.Capabilities.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Chariot.Capabilities.Echo;

/// <summary>
/// Config: <c>count</c> (assets, each with one risk), <c>url</c> (one GET through the host's HTTP seam),
/// <c>fail</c> (<c>vendor</c>/<c>true</c>, <c>credentials</c>, <c>configuration</c>, <c>crash</c>). Secret: <c>token</c>.
/// </summary>
public sealed class EchoCapability(JobContext context, ILogger<EchoCapability> logger, IHttpHandlerSource http) : ICapability
{
    /// <summary>A bearer token Echo logs, to prove the host masks it.</summary>
    public const string FakeBearerToken = "echo-fake-bearer-0123456789abcdef";

    /// <inheritdoc />
    public string Name => "echo";

    /// <inheritdoc />
    public bool Integration => true;

    /// <inheritdoc />
    public CapabilityMetadata Metadata => EchoPlugin.EchoMetadata;

    private Job Job => context.Job;

    /// <inheritdoc />
    public MatchResult Match()
    {
        if (Job.Integration?.IsClass("echo") != true)
        {
            return MatchResult.NotThisCapability("the job's target is not an echo integration");
        }

        if (Job.Secret.GetValueOrNull("token") is null)
        {
            return MatchResult.InvalidConfiguration("token", "put any non-blank value in job.secret.token");
        }

        return Job.Config.TryGetValue("count", out var count) && !int.TryParse(count, CultureInfo.InvariantCulture, out _)
            ? MatchResult.InvalidConfiguration("count", $"'{count}' is not a whole number of assets")
            : MatchResult.Matched;
    }

    /// <inheritdoc />
    public Task ValidateCredentialsAsync(CancellationToken cancellationToken) =>
        Job.Secret["token"] == "refused-token"
            ? throw new CapabilityException(CapabilityFailure.Credentials, "The echo token was refused: put a valid token in job.secret.token.")
            : Task.CompletedTask;

    /// <inheritdoc />
    public async Task InvokeAsync(CancellationToken cancellationToken)
    {
        await ValidateCredentialsAsync(cancellationToken);
        var token = Job.Secret["token"];
        logger.LogInformation("echo: starting with token {Token} and header Authorization: Bearer {Bearer}", token, FakeBearerToken);
        logger.LogInformation("echo: Microsoft.Extensions.Primitives {Version} from the plugin's own context", typeof(StringValues).Assembly.GetName().Version);

        var stream = context.Summary.Stream("echo");
        if (Job.Config.TryGetValue("url", out var url))
        {
            await CallAsync(new Uri(url), cancellationToken);
            stream.AddHttpCall();
        }

        var previous = int.Parse(await context.Checkpoints.ReadAsync("echo", cancellationToken) ?? "0", CultureInfo.InvariantCulture);
        var count = int.Parse(Job.Config.GetValueOrDefault("count", "3"), CultureInfo.InvariantCulture);
        for (var i = previous; i < previous + count; i++)
        {
            stream.AddReceived();
            var dns = $"echo-{i}.example.com";
            if (await context.Results.SendAsync(new Asset(dns, dns), cancellationToken))
            {
                stream.AddEmitted();
            }

            await context.Results.SendAsync(new Risk(dns, $"echo-risk-{i}", RiskStatus.Parse("TM")), cancellationToken);
        }

        await context.Results.CommitCheckpointAsync("echo", (previous + count).ToString(CultureInfo.InvariantCulture), cancellationToken);
        switch (Job.Config.GetValueOrDefault("fail"))
        {
            case "true" or "vendor":
                throw new CapabilityException(CapabilityFailure.Vendor, $"Echo failed on demand (token {token}).");
            case "credentials":
                throw new CapabilityException(CapabilityFailure.Credentials, "Echo credentials were refused on demand.");
            case "configuration":
                throw new CapabilityException(CapabilityFailure.Configuration, "Echo config 'fail' says configuration: remove it.");
            case "crash":
                throw new InvalidOperationException($"Echo crashed on demand with token {token}.");
        }
    }

    /// <inheritdoc />
    public Task<bool> CheckAffiliationAsync(Asset asset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return Task.FromResult(asset.Dns.EndsWith(".example.com", StringComparison.OrdinalIgnoreCase));
    }

    private async Task CallAsync(Uri url, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(http.CreatePrimaryHandler("echo"));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FakeBearerToken);
        using var response = await client.SendAsync(request, cancellationToken);
        logger.LogInformation("echo: {Url} answered {Status}", url, (int)response.StatusCode);
    }
}
