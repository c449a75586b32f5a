using System.Diagnostics;
using System.Globalization;

namespace Chariot.Benchmarks.Sync;

/// <summary>What a measured child process did: its exit code, wall time, peak resident memory and output.</summary>
internal sealed record ChildRun(int ExitCode, TimeSpan Wall, long PeakResidentBytes, string Out, string Error);

/// <summary>
/// Runs a program in a process of its own and measures it from outside: wall time, and peak resident memory (Linux
/// <c>VmHWM</c>, polled while it runs, so the peak is exact however late it comes; elsewhere the peak working set).
/// </summary>
internal static class ChildProcess
{
    public static async Task<ChildRun> RunAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        long peak = 0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, PeakResident(process));
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, cancellationToken);
        }

        await process.WaitForExitAsync(cancellationToken);
        clock.Stop();
        return new ChildRun(process.ExitCode, clock.Elapsed, peak, await output, await error);
    }

    /// <summary>This process's own peak resident memory.</summary>
    public static long OwnPeakResident()
    {
        using var self = Process.GetCurrentProcess();
        return PeakResident(self);
    }

    private static long PeakResident(Process process)
    {
        try
        {
            var status = $"/proc/{process.Id}/status";
            if (File.Exists(status))
            {
                var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                if (line is not null)
                {
                    var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }

            process.Refresh();
            return process.PeakWorkingSet64;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // The process ended between the check and the read: the last reading stands.
            return 0;
        }
    }
}
