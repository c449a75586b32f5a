namespace Chariot.Capabilities.Throttling;

/// <summary>A documented call limit: at most <see cref="Calls"/> calls in any <see cref="Window"/>.</summary>
/// <param name="Calls">How many calls the window allows (at least 1).</param>
/// <param name="Window">The window's length (positive).</param>
public readonly record struct CallLimit(int Calls, TimeSpan Window)
{
    /// <summary><paramref name="calls"/> a minute.</summary>
    public static CallLimit PerMinute(int calls) => new(calls, TimeSpan.FromMinutes(1));

    /// <summary><paramref name="calls"/> an hour.</summary>
    public static CallLimit PerHour(int calls) => new(calls, TimeSpan.FromHours(1));
}
