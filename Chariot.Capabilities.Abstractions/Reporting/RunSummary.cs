using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Chariot.Capabilities.Reporting;

/// <summary>
/// A run's per-stream counts, filled by the capability as it goes and printed by the host when the run ends
/// (a reconciliation of what was received against what was sent).
/// </summary>
public sealed class RunSummary
{
    private readonly ConcurrentDictionary<string, StreamCounters> _streams = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly ConcurrentQueue<string> _notes = new();
    private readonly Lock _adding = new();

    /// <summary>The streams, in the order they were first used.</summary>
    public IReadOnlyList<StreamCounters> Streams => _order.Select(name => _streams[name]).ToArray();

    /// <summary>Warnings the user should read (for example a limit that stopped a stream early).</summary>
    public IReadOnlyList<string> Notes => _notes.ToArray();

    /// <summary>The counters of a stream, created on first use.</summary>
    public StreamCounters Stream(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_streams.TryGetValue(name, out var counters))
        {
            return counters;
        }

        lock (_adding)
        {
            // Listed only once it can be looked up, so a reader of Streams never meets a name without its counters.
            if (!_streams.TryGetValue(name, out counters))
            {
                counters = new StreamCounters(name);
                _streams[name] = counters;
                _order.Enqueue(name);
            }

            return counters;
        }
    }

    /// <summary>Adds a warning for the end of the run.</summary>
    public void AddNote(string note)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(note);
        _notes.Enqueue(note);
    }

    /// <summary>The summary as a plain-text table.</summary>
    public string ToTable()
    {
        var text = new StringBuilder();

        // The name column is as wide as the longest name (at least 16), so the numbers stay in their columns.
        var width = Math.Max(16, Streams.Select(s => s.Name.Length + 1).DefaultIfEmpty(0).Max());
        text.AppendLine(CultureInfo.InvariantCulture, $"{"stream".PadRight(width)}{"received",12}{"emitted",12}{"filtered",12}{"skipped",10}{"http",10}{"retries",10}{"429s",8}");
        foreach (var s in Streams)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{s.Name.PadRight(width)}{s.Received,12}{s.Emitted,12}{s.Filtered,12}{s.Skipped,10}{s.HttpCalls,10}{s.Retries,10}{s.Throttled,8}");
        }

        foreach (var s in Streams)
        {
            foreach (var (reason, count) in s.Skips)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"skipped: {s.Name}: {count} {reason}");
            }
        }

        foreach (var note in Notes)
        {
            text.AppendLine("note: " + note);
        }

        return text.ToString();
    }
}
