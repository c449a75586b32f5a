namespace Chariot.Capabilities.Defender.Testing.Faults;

/// <summary>
/// Which calls fail and how: by schedule ("the 3rd call to machines answers 429") or by probability with a seed,
/// so a flaky-looking run is still reproducible. Calls are counted per endpoint from 1.
/// </summary>
public sealed class FaultPlan
{
    private readonly Lock _gate = new();
    private readonly Dictionary<FakeEndpoint, int> _calls = [];
    private readonly Dictionary<(FakeEndpoint Endpoint, int Call), Fault> _scheduled = [];
    private readonly Dictionary<(FakeEndpoint Endpoint, int Call), Action> _changes = [];
    private readonly Dictionary<FakeEndpoint, List<(double Probability, Fault Fault)>> _random = [];
    private readonly Random _randomSource;

    /// <summary>Creates an empty plan whose probabilistic faults draw from <paramref name="seed"/>.</summary>
    public FaultPlan(int seed) => _randomSource = new Random(seed);

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
            if (_scheduled.Remove((endpoint, call), out var scheduled))
            {
                return scheduled;
            }

            if (_random.TryGetValue(endpoint, out var faults))
            {
                foreach (var (probability, fault) in faults)
                {
                    // Always draw, so one endpoint's outcome does not shift with another's configuration.
                    if (_randomSource.NextDouble() < probability)
                    {
                        return fault;
                    }
                }
            }

            return null;
        }
    }
}
