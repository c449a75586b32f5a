namespace Chariot.Benchmarks.Sync;

/// <summary>Order statistics of measured values.</summary>
internal static class Quantile
{
    /// <summary>The value <paramref name="numerator"/>/<paramref name="denominator"/> of the way up the sorted values (1/2: the median; of three, the middle one).</summary>
    public static double Of(IEnumerable<double> values, int numerator, int denominator)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count * numerator / denominator];
    }
}
