using Microsoft.Win32.SafeHandles;

namespace Chariot.Capabilities.Filtering;

/// <summary>
/// Writes one <see cref="SortedRun"/>: fingerprints appended in order go to a new temporary file, 64 KB at a time, and
/// into the run's Bloom filter and sparse index. A writer not completed removes its file when disposed.
/// </summary>
internal sealed class RunWriter : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly long _expected;
    private readonly Fingerprint96[] _firstOfBlock;
    private readonly BloomFilter _filter;
    private readonly byte[] _chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(SortedRun.ChunkLength);
    private int _filled;
    private long _count;
    private long _written;
    private Fingerprint96? _last;
    private bool _completed;

    /// <param name="directory">Where the file goes.</param>
    /// <param name="expected">How many fingerprints will be appended.</param>
    public RunWriter(string directory, long expected)
    {
        _expected = expected;
        _firstOfBlock = new Fingerprint96[(expected + SortedRun.BlockLength - 1) / SortedRun.BlockLength];
        _filter = new BloomFilter(expected);
        _file = TemporaryFile.Open(directory, "The job's duplicate filter");
    }

    public void Append(Fingerprint96 fingerprint)
    {
        if (_count == _expected || (_last is { } last && fingerprint <= last))
        {
            throw new InvalidOperationException("Fingerprints must come in increasing order, as many as announced.");
        }

        if (_count % SortedRun.BlockLength == 0)
        {
            _firstOfBlock[_count / SortedRun.BlockLength] = fingerprint;
        }

        _filter.Add(fingerprint.High, fingerprint.Low);
        fingerprint.Write(_chunk.AsSpan(_filled));
        _filled += Fingerprint96.Size;
        if (_filled == SortedRun.ChunkLength)
        {
            Flush();
        }

        _count++;
        _last = fingerprint;
    }

    /// <summary>The run written; it owns the file from now on.</summary>
    public SortedRun Complete()
    {
        if (_count != _expected)
        {
            throw new InvalidOperationException($"{_count} fingerprints were appended where {_expected} were announced.");
        }

        Flush();
        _completed = true;
        return new SortedRun(_file, _count, _firstOfBlock, _filter);
    }

    public void Dispose()
    {
        System.Buffers.ArrayPool<byte>.Shared.Return(_chunk);
        if (!_completed)
        {
            _file.Dispose();
        }
    }

    private void Flush()
    {
        RandomAccess.Write(_file, _chunk.AsSpan(0, _filled), _written);
        _written += _filled;
        _filled = 0;
    }
}
