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
        foreach (var (name, graph, perMinute, perHour) in ApiEndpoints.Budgets)
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

    /// <summary>Waits for a call slot for <paramref name="request"/>'s endpoint.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(HttpRequestMessage? request, CancellationToken cancellationToken)
    {
        if (request is null || ApiEndpoints.Of(request).Budget is not { } budget)
        {
            return Lease.Granted;
        }

        return await _partitions[budget.Name].WaitAsync(cancellationToken) ? Lease.Granted : Lease.Refused;
    }

    /// <summary>Holds every call of <paramref name="kind"/> back for <paramref name="wait"/> (a Retry-After).</summary>
    public void Pause(CallKind kind, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (kind.Budget is { } budget)
        {
            _partitions[budget.Name].Pause(wait);
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
