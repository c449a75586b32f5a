namespace Chariot.EndToEnd.Tests.Support;

/// <summary>
/// An NDJSON results file as another process writes it: its lines counted as it grows (for a test that stops the
/// writer after N lines), and read as a killed writer left it, where only the last line may have been cut.
/// </summary>
public sealed class ResultsFile(string path)
{
    private long _read;

    public string Path => path;

    /// <summary>Newlines seen so far: the complete lines the writer has put into the file.</summary>
    public long Lines { get; private set; }

    /// <summary>Reads what was added since the last call; returns <see cref="Lines"/>.</summary>
    public long Refresh()
    {
        if (!File.Exists(path))
        {
            return Lines;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        file.Seek(_read, SeekOrigin.Begin);
        var buffer = new byte[64 * 1024];
        int count;
        while ((count = file.Read(buffer)) > 0)
        {
            Lines += buffer.AsSpan(0, count).Count((byte)'\n');
            _read += count;
        }

        return Lines;
    }

    /// <summary>
    /// Waits until the file holds at least <paramref name="lines"/> lines or <paramref name="host"/> has ended, polling
    /// the file (a real process writes it); fails past <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> WaitForLinesAsync(long lines, HostProcess host, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var limit = new CancellationTokenSource(timeout, TimeProvider.System);
        while (Refresh() < lines)
        {
            if (host.HasExited)
            {
                return Refresh() >= lines;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System, limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{path} did not reach {lines} lines within {timeout} (it has {Lines}). Host stderr:\n{host.Error}");
            }
        }

        return true;
    }

    /// <summary>
    /// The lines a writer stopped at any point left: every line but the last must be whole; the last is kept only when
    /// it ends with its newline (a line cut off by the kill is not a result). <paramref name="cut"/> says whether one was.
    /// </summary>
    public static IReadOnlyList<Emitted> ReadWholeLines(string path, out bool cut)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : "";
        var end = text.LastIndexOf('\n');
        cut = end < text.Length - 1;

        // Emitted.Parse throws on a line that is not a whole wrapped model: only the one after the last newline may be.
        return Emitted.Parse(text[..(end + 1)]);
    }
}
