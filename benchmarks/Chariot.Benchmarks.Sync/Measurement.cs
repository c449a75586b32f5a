namespace Chariot.Benchmarks.Sync;

/// <summary>One line of the report.</summary>
/// <param name="Scenario">What was synced (tenant and path).</param>
/// <param name="Client">Who synced it.</param>
/// <param name="Seconds">Wall seconds.</param>
/// <param name="Records">Records read.</param>
/// <param name="PeakResidentBytes">Peak resident memory of the client's process (0: not measured).</param>
/// <param name="AllocatedBytes">Managed bytes allocated (null: not measured).</param>
/// <param name="Calls">HTTP calls by endpoint, as text.</param>
internal sealed record Measurement(string Scenario, string Client, double Seconds, long Records, long PeakResidentBytes, long? AllocatedBytes, string Calls)
{
    public double RecordsPerSecond => Seconds > 0 ? Records / Seconds : 0;

    public double? BytesPerRecord => AllocatedBytes is { } bytes && Records > 0 ? (double)bytes / Records : null;
}
