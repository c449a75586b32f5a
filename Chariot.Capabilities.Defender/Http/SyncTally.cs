using Chariot.Capabilities.Reporting;

namespace Chariot.Capabilities.Defender.Http;

/// <summary>Counts HTTP calls, retries and 429s into the run summary, by the stream a URL belongs to.</summary>
internal sealed class SyncTally
{
    public const string Devices = "devices";
    public const string Vulnerabilities = "vulnerabilities";
    public const string Alerts = "alerts";
    public const string Definitions = "definitions";

    private RunSummary _summary = new();

    /// <summary>Points the tally at the job's summary.</summary>
    public void Attach(RunSummary summary) => _summary = summary;

    public StreamCounters Stream(string name) => _summary.Stream(name);

    public void AddNote(string note) => _summary.AddNote(note);

    public void CountCall(Uri uri) => Stream(StreamOf(uri)).AddHttpCall();

    public void CountRetry(Uri? uri, bool throttled)
    {
        var counters = Stream(uri is null ? Devices : StreamOf(uri));
        counters.AddRetry();
        if (throttled)
        {
            counters.AddThrottled();
        }
    }

    public static string StreamOf(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var path = uri.AbsolutePath;
        if (path.StartsWith("/v1.0/security", StringComparison.OrdinalIgnoreCase))
        {
            return Alerts;
        }

        if (path.StartsWith("/api/vulnerabilities", StringComparison.OrdinalIgnoreCase))
        {
            return Definitions;
        }

        if (path.StartsWith("/api/machines/SoftwareVulnerabilit", StringComparison.OrdinalIgnoreCase)
            || !path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            return Vulnerabilities;
        }

        return Devices;
    }
}
