using System.Threading.RateLimiting;

namespace Chariot.Capabilities.Defender.Http;

/// <summary>
/// The documented per-endpoint call budgets (per app and tenant), enforced client-side so a big sync waits its turn
/// instead of provoking 429s. Windows slide on the injected <see cref="TimeProvider"/>; a 429's Retry-After pauses the
/// whole endpoint, not just the request that got it.
/// </summary>
public sealed class ApiBudgets : IDisposable
{
    private const int QueueLimit = 100_000;
    private const int Segments = 6;

    private readonly TimeProvider _time;
    private readonly Dictionary<string, Partition> _partitions;

    /// <summary>
    /// Creates the budgets: 90% of Microsoft's documented limits, times <paramref name="scale"/> (for tests and for
    /// apps whose limits Microsoft raised).
    /// </summary>
    public ApiBudgets(TimeProvider time, double scale = 1)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _partitions = new Dictionary<string, Partition>(StringComparer.Ordinal)
        {
            ["machines"] = new(time, Scaled(100, scale), Scaled(1500, scale)),
            ["vulnerabilities-by-machine"] = new(time, Scaled(30, scale), Scaled(1000, scale)),
            ["vulnerabilities-export"] = new(time, Scaled(5, scale), Scaled(20, scale)),
            ["vulnerabilities"] = new(time, Scaled(50, scale), Scaled(1500, scale)),
            ["graph-security"] = new(time, Scaled(150, scale), null),
        };
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
            _ when path.StartsWith("/api/machines", StringComparison.OrdinalIgnoreCase) => "machines",
            _ => null,
        };
    }

    /// <summary>Waits for a call slot for <paramref name="request"/>'s endpoint.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(HttpRequestMessage? request, CancellationToken cancellationToken)
    {
        if (request?.RequestUri is not { } uri || PartitionOf(uri) is not { } name)
        {
            return Unlimited.Lease;
        }

        return await _partitions[name].AcquireAsync(_time, cancellationToken);
    }

    /// <summary>Holds every call to <paramref name="uri"/>'s endpoint back for <paramref name="wait"/> (a Retry-After).</summary>
    public void Pause(Uri uri, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (PartitionOf(uri) is { } name)
        {
            _partitions[name].PauseUntil(_time.GetUtcNow() + wait);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var partition in _partitions.Values)
        {
            partition.Dispose();
        }
    }

    // 10% under the documented limit: the server's window edges are not ours, and a budget that meets the limit
    // exactly still draws the odd 429 at an edge.
    private static int Scaled(int limit, double scale) => Math.Max(1, (int)Math.Floor(limit * scale * 0.9));

    private sealed class Partition : IDisposable
    {
        private readonly (SlidingWindowRateLimiter Limiter, ITimer Timer)[] _windows;
        private readonly Lock _lock = new();
        private DateTimeOffset _pausedUntil;

        public Partition(TimeProvider time, int perMinute, int? perHour)
        {
            _windows = perHour is { } hourly
                ? [Window(time, perMinute, TimeSpan.FromMinutes(1)), Window(time, hourly, TimeSpan.FromHours(1))]
                : [Window(time, perMinute, TimeSpan.FromMinutes(1))];
        }

        public void PauseUntil(DateTimeOffset until)
        {
            lock (_lock)
            {
                if (until > _pausedUntil)
                {
                    _pausedUntil = until;
                }
            }
        }

        public async ValueTask<RateLimitLease> AcquireAsync(TimeProvider time, CancellationToken cancellationToken)
        {
            DateTimeOffset pausedUntil;
            lock (_lock)
            {
                pausedUntil = _pausedUntil;
            }

            var wait = pausedUntil - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            var leases = new List<RateLimitLease>(_windows.Length);
            foreach (var (limiter, _) in _windows)
            {
                var lease = await limiter.AcquireAsync(1, cancellationToken);
                leases.Add(lease);
                if (!lease.IsAcquired)
                {
                    break;
                }
            }

            return new CombinedLease(leases);
        }

        public void Dispose()
        {
            foreach (var (limiter, timer) in _windows)
            {
                timer.Dispose();
                limiter.Dispose();
            }
        }

        private static (SlidingWindowRateLimiter, ITimer) Window(TimeProvider time, int limit, TimeSpan window)
        {
            // The limiter counts segments; a TimeProvider timer moves it one segment per window/6 instead of its own
            // timer, so the windows slide on the injected clock (and tests drive them with fake time). It holds one
            // segment more than the window: any exact 60 s window of the server's then lies inside the 7 segments the
            // budget counts. Its own window is a few ticks only because it ignores a manual replenish that comes sooner
            // than one segment of real time.
            var limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = TimeSpan.FromTicks(Segments + 1),
                SegmentsPerWindow = Segments + 1,
                QueueLimit = QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = false,
            });
            var segment = window / Segments;
            var timer = time.CreateTimer(_ => limiter.TryReplenish(), null, segment, segment);
            return (limiter, timer);
        }
    }

    private sealed class CombinedLease(List<RateLimitLease> leases) : RateLimitLease
    {
        public override bool IsAcquired => leases.TrueForAll(l => l.IsAcquired);

        public override IEnumerable<string> MetadataNames => leases.SelectMany(l => l.MetadataNames);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            foreach (var lease in leases)
            {
                if (lease.TryGetMetadata(metadataName, out metadata))
                {
                    return true;
                }
            }

            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                leases.ForEach(l => l.Dispose());
            }

            base.Dispose(disposing);
        }
    }

    private sealed class Unlimited : RateLimitLease
    {
        public static readonly Unlimited Lease = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
