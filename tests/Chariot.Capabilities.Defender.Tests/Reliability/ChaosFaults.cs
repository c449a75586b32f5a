using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Faults;

namespace Chariot.Capabilities.Defender.Tests.Reliability;

/// <summary>
/// The faults of a chaos run: every kind a real tenant gives (throttling with each Retry-After form, server errors,
/// connections and bodies that break off, slow bodies, a token revoked before it expires, an expired export link, an
/// empty export file), drawn per call with the plan's seed, about one request in ten.
/// </summary>
internal static class ChaosFaults
{
    /// <summary>The share of API requests that get a fault (the sum of the probabilities below).</summary>
    public const double Rate = 0.10;

    private static readonly FakeEndpoint[] Listings =
    [
        FakeEndpoint.GraphAlerts,
        FakeEndpoint.Machines,
        FakeEndpoint.Vulnerabilities,
        FakeEndpoint.SoftwareVulnerabilitiesByMachine,
        FakeEndpoint.SoftwareVulnerabilityChangesByMachine,
        FakeEndpoint.SoftwareVulnerabilitiesExport,
        FakeEndpoint.MachineVulnerabilities,
        FakeEndpoint.ExportBlob,
    ];

    /// <summary>
    /// Adds the chaos faults to <paramref name="plan"/>; <paramref name="now"/> dates the HTTP-date Retry-After. With
    /// <paramref name="export"/> the first export link given has expired and the third file comes empty, so every seed
    /// meets the two faults of the export path that a few calls would rarely draw.
    /// </summary>
    public static void Inject(FaultPlan plan, DateTimeOffset now, bool export)
    {
        foreach (var endpoint in Listings)
        {
            plan.WithProbability(endpoint, 0.012, Fault.TooManyRequests(RetryAfter.Seconds(2)))
                .WithProbability(endpoint, 0.010, Fault.TooManyRequests(RetryAfter.FractionalSeconds(1.5)))
                .WithProbability(endpoint, 0.008, Fault.TooManyRequests(RetryAfter.At(now.AddSeconds(30))))
                .WithProbability(endpoint, 0.010, Fault.ServerError(500))
                .WithProbability(endpoint, 0.010, Fault.ServerError(503, RetryAfter.Seconds(1)))
                .WithProbability(endpoint, 0.010, Fault.ServerError(504))
                .WithProbability(endpoint, 0.010, Fault.ConnectionReset(afterBytes: 700))
                .WithProbability(endpoint, 0.010, Fault.TruncatedBody(afterBytes: 1_500))
                .WithProbability(endpoint, 0.010, Fault.SlowBody(TimeSpan.FromSeconds(1), chunkBytes: 64 * 1024));
            plan.WithProbability(endpoint, 0.010, endpoint == FakeEndpoint.ExportBlob ? Fault.EmptyGzipFile() : Fault.RevokedToken());
        }

        plan.WithProbability(FakeEndpoint.Token, 0.04, Fault.ServerError(503))
            .WithProbability(FakeEndpoint.Token, 0.03, Fault.TooManyRequests(RetryAfter.Seconds(1)))
            .WithProbability(FakeEndpoint.Token, 0.03, Fault.ConnectionReset(afterBytes: 10));
        if (export)
        {
            plan.OnCall(FakeEndpoint.SoftwareVulnerabilitiesExport, 1, Fault.ExpiredExportUrl())
                .OnCall(FakeEndpoint.ExportBlob, 3, Fault.EmptyGzipFile());
        }
    }
}
