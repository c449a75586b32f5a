namespace Chariot.Capabilities.Defender.Testing.Faults;

/// <summary>
/// Which calls fail and how: by schedule ("the 3rd call to machines answers 429") or by probability with a seed,
/// so a flaky-looking run is still reproducible. Calls are counted per endpoint from 1, and a probabilistic draw depends
/// only on the seed, the endpoint and the call's number: calls to other endpoints running at the same time, in any
/// order, do not change which call of an endpoint fails.
/// </summary>
public sealed class FaultPlan
{
    private readonly Lock _gate = new();
    private readonly Dictionary<FakeEndpoint, int> _calls = [];
    private readonly Dictionary<(FakeEndpoint Endpoint, int Call), Fault> _scheduled = [];
    private readonly Dictionary<(FakeEndpoint Endpoint, int Call), Action> _changes = [];
    private readonly Dictionary<FakeEndpoint, List<(double Probability, Fault Fault)>> _random = [];
    private readonly Dictionary<FaultKind, int> _given = [];
    private readonly int _seed;

    /// <summary>Creates an empty plan whose probabilistic faults draw from <paramref name="seed"/>.</summary>
    public FaultPlan(int seed) => _seed = seed;

    /// <summary>The <paramref name="call"/>-th call (from 1) to <paramref name="endpoint"/> gets <paramref name="fault"/>.</summary>
    public FaultPlan OnCall(FakeEndpoint endpoint, int call, Fault fault)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(call, 1);
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            _scheduled[(endpoint, call)] = fault;
        }

        return this;
    }

    /// <summary>The next call to <paramref name="endpoint"/> gets <paramref name="fault"/>.</summary>
    public FaultPlan OnNextCall(FakeEndpoint endpoint, Fault fault)
    {
        lock (_gate)
        {
            return OnCall(endpoint, _calls.GetValueOrDefault(endpoint) + 1, fault);
        }
    }

    /// <summary>
    /// Runs <paramref name="change"/> when the <paramref name="call"/>-th call (from 1) to <paramref name="endpoint"/>
    /// arrives, before it is answered: the tenant changing between two pages of one listing.
    /// </summary>
    public FaultPlan BeforeCall(FakeEndpoint endpoint, int call, Action change)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(call, 1);
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            _changes[(endpoint, call)] = change;
        }

        return this;
    }

    /// <summary>Each call to <paramref name="endpoint"/> gets <paramref name="fault"/> with <paramref name="probability"/>.</summary>
    public FaultPlan WithProbability(FakeEndpoint endpoint, double probability, Fault fault)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(probability);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probability, 1.0);
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            if (!_random.TryGetValue(endpoint, out var faults))
            {
                _random[endpoint] = faults = [];
            }

            faults.Add((probability, fault));
        }

        return this;
    }

    /// <summary>How many faults of each kind calls have been given so far (scheduled and drawn alike).</summary>
    public IReadOnlyDictionary<FaultKind, int> Given()
    {
        lock (_gate)
        {
            return new Dictionary<FaultKind, int>(_given);
        }
    }

    /// <summary>Removes every scheduled and probabilistic fault and planned change (call counts are kept).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _scheduled.Clear();
            _changes.Clear();
            _random.Clear();
        }
    }

    /// <summary>Counts a call, runs the change planned before it, and says which fault, if any, it gets.</summary>
    internal Fault? NextFault(FakeEndpoint endpoint)
    {
        Action? change;
        int call;
        lock (_gate)
        {
            call = _calls.GetValueOrDefault(endpoint) + 1;
            _calls[endpoint] = call;
            _changes.Remove((endpoint, call), out change);
        }

        // Outside the lock: the change may touch the tenant, which takes its own.
        change?.Invoke();
        return DrawFault(endpoint, call);
    }

    private Fault? DrawFault(FakeEndpoint endpoint, int call)
    {
        lock (_gate)
        {
            if ((Scheduled(endpoint, call) ?? Drawn(endpoint, call)) is not { } fault)
            {
                return null;
            }

            _given[fault.Kind] = _given.GetValueOrDefault(fault.Kind) + 1;
            return fault;
        }
    }

    private Fault? Scheduled(FakeEndpoint endpoint, int call) => _scheduled.Remove((endpoint, call), out var scheduled) ? scheduled : null;

    private Fault? Drawn(FakeEndpoint endpoint, int call)
    {
        if (!_random.TryGetValue(endpoint, out var faults))
        {
            return null;
        }

        var draws = new Random(DrawSeed(endpoint, call));
        foreach (var (probability, fault) in faults)
        {
            if (draws.NextDouble() < probability)
            {
                return fault;
            }
        }

        return null;
    }

    // A stable mix of (seed, endpoint, call) (SplitMix64's finaliser): HashCode is randomised per process, so it would
    // not replay.
    private int DrawSeed(FakeEndpoint endpoint, int call)
    {
        var z = unchecked(((ulong)(uint)_seed << 32) ^ ((ulong)endpoint << 24) ^ (ulong)call) + 0x9E3779B97F4A7C15UL;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(z ^ (z >> 31));
    }
}
