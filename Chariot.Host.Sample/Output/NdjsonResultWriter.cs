using System.Buffers;
using System.Text;
using Chariot.Capabilities.Json;
using Chariot.Capabilities.Models;
using Chariot.Host.Sample.Logging;
using Microsoft.Extensions.ObjectPool;

namespace Chariot.Host.Sample.Output;

/// <summary>
/// Writes results as NDJSON, one <c>{"type":...,"model":{...}}</c> per line, to a file or stdout. Shared by every job
/// of one invocation (parallel jobs and periodic runs append to the same output); each line is written whole.
/// </summary>
/// <remarks>
/// A line is made as UTF-8 in a pooled buffer, outside the lock, so parallel jobs make their lines at the same time;
/// only the few lines that may hold something to mask become a string. A file is written synchronously under a lock,
/// into its 256 KB buffer: an asynchronous write of a file opened for synchronous use goes through the thread pool and
/// two semaphores per line, where a sixth of a large sync's profile samples waited.
/// </remarks>
internal sealed class NdjsonResultWriter : IAsyncDisposable
{
    private const int FileBufferBytes = 256 * 1024;

    private static readonly ObjectPool<LineBuffer> Buffers = new DefaultObjectPoolProvider().Create(new LineBuffer.Policy());

    private readonly string? _path;
    private readonly TextWriter? _text;
    private readonly SecretRedactor _redactor;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _fileLock = new();

    private FileStream? _file;
    private long _linesWritten;

    private NdjsonResultWriter(string? path, TextWriter? text, SecretRedactor redactor)
    {
        _path = path;
        _text = text;
        _redactor = redactor;
    }

    /// <summary>Lines written so far.</summary>
    public long LinesWritten => Interlocked.Read(ref _linesWritten);

    /// <summary>
    /// Writes to <paramref name="path"/>, or to <paramref name="stdout"/> when the path is null. The file is created (or
    /// truncated) by the first line or flush, once a job runs: a command refused before that leaves no file, and an
    /// earlier run's results in it as they were. Its folder must exist.
    /// </summary>
    public static NdjsonResultWriter Open(string? path, TextWriter stdout, SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(redactor);
        return path is null ? new NdjsonResultWriter(null, stdout, redactor) : new NdjsonResultWriter(path, null, redactor);
    }

    /// <summary>Writes one model on its own line.</summary>
    public async ValueTask WriteAsync(ChariotModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var line = Buffers.Get();
        try
        {
            // A plugin that puts a credential into a result must not ship it to Chariot: the line is masked like any output.
            line.Make(model, _redactor);
            if (_path is not null)
            {
                // Once started, a line is written whole: a cancelled run must not leave half a line for the flush to keep.
                lock (_fileLock)
                {
                    OpenFile().Write(line.Utf8.Span);
                    Interlocked.Increment(ref _linesWritten);
                }

                return;
            }

            await _gate.WaitAsync(cancellationToken);
            try
            {
                await _text!.WriteAsync(line.Chars, CancellationToken.None);
                Interlocked.Increment(ref _linesWritten);
            }
            finally
            {
                _gate.Release();
            }
        }
        finally
        {
            Buffers.Return(line);
        }
    }

    /// <summary>Creates the results file, when no line or flush did yet; nothing for stdout.</summary>
    /// <exception cref="IOException">The file cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be written.</exception>
    public Task CreateAsync()
    {
        if (_path is not null)
        {
            lock (_fileLock)
            {
                OpenFile();
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Pushes buffered lines to the file (creating it, when no line did yet) or stream.</summary>
    public Task FlushAsync() => FlushAsync(create: true);

    private async Task FlushAsync(bool create)
    {
        if (_path is not null)
        {
            lock (_fileLock)
            {
                // On disk, not just in the OS cache: a checkpoint saved next must never be ahead of the results.
                (create ? OpenFile() : _file)?.Flush(flushToDisk: true);
            }

            return;
        }

        await _gate.WaitAsync();
        try
        {
            await _text!.FlushAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await FlushAsync(create: false);
        if (_file is not null)
        {
            await _file.DisposeAsync();
        }

        _gate.Dispose();
    }

    // Called under the file lock.
    private FileStream OpenFile() =>
        _file ??= new FileStream(_path!, FileMode.Create, FileAccess.Write, FileShare.Read, FileBufferBytes, useAsync: false);

    /// <summary>One line being made: its UTF-8 bytes and, for masking and text output, its characters.</summary>
    private sealed class LineBuffer
    {
        // A buffer grown past this by one huge line is dropped after it rather than kept in the pool.
        private const int KeptBytes = 64 * 1024;

        private readonly ArrayBufferWriter<byte> _utf8 = new(4096);
        private char[] _chars = new char[4096];
        private int _charCount;

        public ReadOnlyMemory<byte> Utf8 => _utf8.WrittenMemory;

        public ReadOnlyMemory<char> Chars => _chars.AsMemory(0, _charCount);

        public void Make(ChariotModel model, SecretRedactor redactor)
        {
            ChariotJson.Wrap(model, _utf8);
            Decode(_utf8.WrittenSpan);
            if (redactor.MayMask(_chars.AsSpan(0, _charCount)))
            {
                var masked = redactor.Redact(new string(_chars, 0, _charCount));
                _utf8.ResetWrittenCount();
                Encoding.UTF8.GetBytes(masked, _utf8);
                Decode(_utf8.WrittenSpan);
            }

            _utf8.Write("\n"u8);
            _chars[_charCount++] = '\n';
        }

        private void Decode(ReadOnlySpan<byte> utf8)
        {
            // One more than the text needs, for the line's end.
            var needed = Encoding.UTF8.GetMaxCharCount(utf8.Length) + 1;
            if (_chars.Length < needed)
            {
                _chars = new char[Math.Max(needed, _chars.Length * 2)];
            }

            _charCount = Encoding.UTF8.GetChars(utf8, _chars);
        }

        public sealed class Policy : PooledObjectPolicy<LineBuffer>
        {
            public override LineBuffer Create() => new();

            public override bool Return(LineBuffer obj)
            {
                obj._utf8.ResetWrittenCount();
                obj._charCount = 0;
                return obj._utf8.Capacity <= KeptBytes && obj._chars.Length <= KeptBytes;
            }
        }
    }
}
