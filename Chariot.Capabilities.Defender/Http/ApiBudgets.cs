using System.Threading.RateLimiting;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Throttling;

namespace Chariot.Capabilities.Defender.Http;

/// <summary>
/// The documented per-endpoint call budgets, enforced client-side so a big sync waits its turn instead of provoking
/// 429s. Microsoft counts them per app and tenant, so they are the host's shared <see cref="CallBudgets"/> keyed by API
/// host, tenant and app: concurrent and consecutive jobs with the same credentials (a sync and the affiliation checks
/// beside it) draw on one budget, and a 429's Retry-After pauses the endpoint for all of them.
/// </summary>
internal sealed class ApiBudgets
{
    private static readonly (string Name, bool Graph, int PerMinute, int? PerHour)[] Documented =
    [
        ("machines", false, 100, 1500),
        ("vulnerabilities-by-machine", false, 30, 1000),
        ("vulnerabilities-export", false, 5, 20),
        ("vulnerabilities", false, 50, 1500),
        ("machine-vulnerabilities", false, 50, 1500),
        ("graph-security", true, 150, null),
    ];

    private readonly Dictionary<string, CallBudget> _partitions;

    /// <summary>
    /// Takes this app's budgets from <paramref name="shared"/>: 90% of Microsoft's documented limits, times
    /// <paramref name="scale"/> (for tests and for apps whose limits Microsoft raised).
    /// </summary>
    public ApiBudgets(CallBudgets shared, DefenderSettings settings, double scale = 1)
    {
        ArgumentNullException.ThrowIfNull(shared);
        ArgumentNullException.ThrowIfNull(settings);
        _partitions = new Dictionary<string, CallBudget>(StringComparer.Ordinal);
        foreach (var (name, graph, perMinute, perHour) in Documented)
        {
            // Identifiers only: the key never holds a secret.
            var host = (graph ? settings.GraphEndpoint : settings.DefenderEndpoint).Authority.ToLowerInvariant();
            var key = $"defender|{host}|{settings.TenantId.ToLowerInvariant()}|{settings.ClientId.ToLowerInvariant()}|{name}";
            CallLimit[] limits = perHour is { } hourly
                ? [CallLimit.PerMinute(Scaled(perMinute, scale)), CallLimit.PerHour(Scaled(hourly, scale))]
                : [CallLimit.PerMinute(Scaled(perMinute, scale))];
            _partitions[name] = shared.For(key, limits);
        }
    }

    /// <summary>The budget an API path falls under, or null for calls with no documented budget.</summary>
    public static string? PartitionOf(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var path = uri.AbsolutePath;
        return path switch
        {
            _ when path.StartsWith("/v1.0/security", StringComparison.OrdinalIgnoreCase) => "graph-security",
            _ when path.StartsWith("/api/machines/SoftwareVulnerabilitiesExport", StringComparison.OrdinalIgnoreCase) => "vulnerabilities-export",
            _ when path.StartsWith("/api/machines/SoftwareVulnerabilit", StringComparison.OrdinalIgnoreCase) => "vulnerabilities-by-machine",
            _ when path.StartsWith("/api/vulnerabilities", StringComparison.OrdinalIgnoreCase) => "vulnerabilities",
            _ when path.StartsWith("/api/machines/", StringComparison.OrdinalIgnoreCase)
                && path.EndsWith("/vulnerabilities", StringComparison.OrdinalIgnoreCase) => "machine-vulnerabilities",
            _ when path.StartsWith("/api/machines", StringComparison.OrdinalIgnoreCase) => "machines",
            _ => null,
        };
    }

    /// <summary>Waits for a call slot for <paramref name="request"/>'s endpoint.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(HttpRequestMessage? request, CancellationToken cancellationToken)
    {
        if (request?.RequestUri is not { } uri || PartitionOf(uri) is not { } name)
        {
            return Lease.Granted;
        }

        return await _partitions[name].WaitAsync(cancellationToken) ? Lease.Granted : Lease.Refused;
    }

    /// <summary>Holds every call to <paramref name="uri"/>'s endpoint back for <paramref name="wait"/> (a Retry-After).</summary>
    public void Pause(Uri uri, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (PartitionOf(uri) is { } name)
        {
            _partitions[name].Pause(wait);
        }
    }

    // 10% under the documented limit: the server's window edges are not ours, and a budget that meets the limit
    // exactly still draws the odd 429 at an edge.
    private static int Scaled(int limit, double scale) => Math.Max(1, (int)Math.Floor(limit * scale * 0.9));

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Granted = new(true);

        public static readonly Lease Refused = new(false);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
