namespace Chariot.Capabilities.Throttling;

/// <summary>
/// The call budgets of a process, by key. A vendor counts its limits per app and tenant, not per job: a host registers
/// one instance for all its jobs (it outlives every plugin load context, and holds only these shared types), so
/// concurrent and consecutive jobs with the same credentials draw on the same budget and the same Retry-After pause.
/// A plugin that finds none in its services makes its own, for its job alone.
/// </summary>
public sealed class CallBudgets : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Dictionary<string, CallBudget> _budgets = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <summary>Creates an empty set of budgets whose windows slide on <paramref name="time"/>.</summary>
    public CallBudgets(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>How many budgets exist.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _budgets.Count;
            }
        }
    }

    /// <summary>
    /// The budget for <paramref name="key"/> (say vendor, API host, tenant, app and endpoint; no secret), created with
    /// <paramref name="limits"/> by the first caller; later callers share it as it is.
    /// </summary>
    public CallBudget For(string key, IReadOnlyCollection<CallLimit> limits)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        CallBudget.Validate(limits);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_budgets.TryGetValue(key, out var budget))
            {
                budget = new CallBudget(_time, limits);
                _budgets[key] = budget;
            }

            return budget;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var budget in _budgets.Values)
            {
                budget.Dispose();
            }

            _budgets.Clear();
        }
    }
}
