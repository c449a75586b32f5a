using Chariot.Capabilities.Reporting;

namespace Chariot.Capabilities.Defender.Http;

/// <summary>Counts HTTP calls, retries and 429s into the run summary, by the stream of each request's <see cref="CallKind"/>.</summary>
internal sealed class SyncTally
{
    public const string Devices = "devices";
    public const string Vulnerabilities = "vulnerabilities";
    public const string Alerts = "alerts";
    public const string Definitions = "definitions";
    public const string FixChecks = "fix checks";
    public const string Software = "software";
    public const string InternetFacing = "internet-facing devices";

    private RunSummary _summary = new();

    /// <summary>Points the tally at the job's summary.</summary>
    public void Attach(RunSummary summary) => _summary = summary;

    public StreamCounters Stream(string name) => _summary.Stream(name);

    public void AddNote(string note) => _summary.AddNote(note);

    public void CountCall(HttpRequestMessage request) => Stream(ApiEndpoints.Of(request).Stream).AddHttpCall();

    public void CountRetry(HttpRequestMessage? request, bool throttled)
    {
        var counters = Stream(request is null ? Devices : ApiEndpoints.Of(request).Stream);
        counters.AddRetry();
        if (throttled)
        {
            counters.AddThrottled();
        }
    }
}
