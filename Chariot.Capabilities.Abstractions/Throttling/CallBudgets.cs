using System.Collections.Concurrent;

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
    private readonly ConcurrentDictionary<string, Lazy<CallBudget>> _budgets = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Creates an empty set of budgets whose windows slide on <paramref name="time"/>.</summary>
    public CallBudgets(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>How many budgets exist.</summary>
    public int Count => _budgets.Count;

    /// <summary>
    /// The budget for <paramref name="key"/> (say vendor, API host, tenant, app and endpoint; no secret), created with
    /// <paramref name="limits"/> by the first caller; later callers share it as it is.
    /// </summary>
    public CallBudget For(string key, IReadOnlyCollection<CallLimit> limits)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        CallBudget.Validate(limits);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _budgets.GetOrAdd(key, _ => new Lazy<CallBudget>(() => new CallBudget(_time, limits))).Value;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        foreach (var budget in _budgets.Values.Where(b => b.IsValueCreated))
        {
            budget.Value.Dispose();
        }

        _budgets.Clear();
    }
}
