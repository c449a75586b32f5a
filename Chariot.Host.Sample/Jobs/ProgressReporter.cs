using System.Globalization;
using System.Text;
using Chariot.Capabilities;

namespace Chariot.Host.Sample.Jobs;

/// <summary>
/// Prints a progress line on stderr every interval while a job runs: per stream, records received and emitted and
/// the emission rate since the last line. Driven by the <see cref="TimeProvider"/>, so tests advance a fake clock.
/// </summary>
internal sealed class ProgressReporter : IDisposable
{
    private readonly JobContext _context;
    private readonly TextWriter _error;
    private readonly TimeProvider _time;
    private readonly string _label;
    private readonly ITimer _timer;
    private readonly Dictionary<string, long> _lastEmitted = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _lastTimestamp;
    private bool _stopped;

    private ProgressReporter(JobContext context, TextWriter error, TimeProvider time, TimeSpan interval, string label)
    {
        _context = context;
        _error = error;
        _time = time;
        _label = label;
        _lastTimestamp = time.GetTimestamp();
        _timer = time.CreateTimer(_ => Report(), null, interval, interval);
    }

    /// <summary>Starts reporting on <paramref name="context"/> every <paramref name="interval"/>.</summary>
    public static ProgressReporter Start(JobContext context, TextWriter error, TimeProvider time, TimeSpan interval, string label)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(time);
        return new ProgressReporter(context, error, time, interval, label);
    }

    /// <summary>Stops reporting: no progress line comes after this returns (the summary follows it).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _stopped = true;
        }

        _timer.Dispose();
    }

    private void Report()
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            try
            {
                WriteLine();
            }
            catch (IOException)
            {
                // Progress is a courtesy: stderr going away must not take the run down from a timer thread.
                _stopped = true;
            }
        }
    }

    private void WriteLine()
    {
        var now = _time.GetTimestamp();
        var seconds = Math.Max(_time.GetElapsedTime(_lastTimestamp, now).TotalSeconds, 0.001);
        _lastTimestamp = now;
        var line = new StringBuilder("progress ").Append(_label).Append(':');
        var streams = _context.Summary.Streams;
        if (streams.Count == 0)
        {
            // A plugin that does not fill the summary still shows what it has sent.
            var counts = _context.Results.Counts;
            line.Append(CultureInfo.InvariantCulture, $" {counts.Assets} assets, {counts.Risks} risks, {counts.Attributes} attributes, {counts.Files} files sent");
        }

        foreach (var stream in streams)
        {
            var previous = _lastEmitted.GetValueOrDefault(stream.Name);
            _lastEmitted[stream.Name] = stream.Emitted;
            var rate = (stream.Emitted - previous) / seconds;
            line.Append(CultureInfo.InvariantCulture, $" {stream.Name} {stream.Received} received, {stream.Emitted} emitted ({rate:F1}/s);");
        }

        _error.WriteLine(line.ToString().TrimEnd(';'));
    }
}
