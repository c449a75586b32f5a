using Chariot.Capabilities.Json;
using Chariot.Capabilities.Models;
using Chariot.Host.Sample.Logging;

namespace Chariot.Host.Sample.Output;

/// <summary>
/// Writes results as NDJSON, one <c>{"type":...,"model":{...}}</c> per line, to a file or stdout. Shared by every job
/// of one invocation (parallel jobs and periodic runs append to the same output); each line is written whole.
/// </summary>
public sealed class NdjsonResultWriter : IAsyncDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;
    private readonly SecretRedactor _redactor;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private NdjsonResultWriter(TextWriter writer, bool ownsWriter, SecretRedactor redactor)
    {
        _writer = writer;
        _ownsWriter = ownsWriter;
        _redactor = redactor;
    }

    /// <summary>Lines written so far.</summary>
    public long LinesWritten { get; private set; }

    /// <summary>Writes to <paramref name="path"/> (created or truncated), or to <paramref name="stdout"/> when the path is null.</summary>
    public static NdjsonResultWriter Open(string? path, TextWriter stdout, SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        if (path is null)
        {
            return new NdjsonResultWriter(stdout, ownsWriter: false, redactor);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var file = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        return new NdjsonResultWriter(file, ownsWriter: true, redactor);
    }

    /// <summary>Writes one model on its own line.</summary>
    public async ValueTask WriteAsync(ChariotModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);

        // A plugin that puts a credential into a result must not ship it to Chariot: the line is masked like any output.
        var line = _redactor.Redact(ChariotJson.Wrap(model)) + "\n";
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Once started, a line is written whole: a cancelled run must not leave half a line for the flush to keep.
            await _writer.WriteAsync(line.AsMemory(), CancellationToken.None);
            LinesWritten++;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Pushes buffered lines to the file or stream.</summary>
    public async Task FlushAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await _writer.FlushAsync();
            if (_writer is StreamWriter { BaseStream: FileStream file })
            {
                // On disk, not just in the OS cache: a checkpoint saved next must never be ahead of the results.
                file.Flush(flushToDisk: true);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await FlushAsync();
        if (_ownsWriter)
        {
            await _writer.DisposeAsync();
        }

        _gate.Dispose();
    }
}
