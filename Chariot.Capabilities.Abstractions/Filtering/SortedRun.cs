using Microsoft.Win32.SafeHandles;

namespace Chariot.Capabilities.Filtering;

/// <summary>
/// Fingerprints written out by a <see cref="KeySet"/>: sorted and distinct, 12 bytes each in a temporary file, with what
/// finds one kept in memory: a Bloom filter (10 bits a fingerprint, about 1.5% false answers) and the first fingerprint
/// of every block of <see cref="BlockLength"/>, so a lookup the filter lets through reads one block of 3 KB.
/// </summary>
internal sealed class SortedRun : IDisposable
{
    /// <summary>Fingerprints a block holds: one sparse-index entry, one read, per block.</summary>
    public const int BlockLength = 256;

    /// <summary>Bytes a run file is written and read by: whole fingerprints, just under 64 KB.</summary>
    public const int ChunkLength = 5461 * Fingerprint96.Size;

    private readonly SafeFileHandle _file;
    private readonly Fingerprint96[] _firstOfBlock;
    private readonly BloomFilter _filter;

    internal SortedRun(SafeFileHandle file, long count, Fingerprint96[] firstOfBlock, BloomFilter filter)
    {
        _file = file;
        Count = count;
        _firstOfBlock = firstOfBlock;
        _filter = filter;
    }

    public long Count { get; }

    public long MemoryBytes => (_firstOfBlock.LongLength * 16) + _filter.Bytes;

    public bool Contains(ulong high, uint low)
    {
        if (!_filter.MayContain(high, low))
        {
            return false;
        }

        var target = new Fingerprint96(high, low);
        var block = Array.BinarySearch(_firstOfBlock, target);
        if (block >= 0)
        {
            return true;
        }

        block = ~block - 1; // the last block starting before the target
        if (block < 0)
        {
            return false;
        }

        var length = (int)Math.Min(BlockLength, Count - ((long)block * BlockLength));
        Span<byte> bytes = stackalloc byte[BlockLength * Fingerprint96.Size];
        bytes = bytes[..(length * Fingerprint96.Size)];
        ReadExactly(_file, bytes, (long)block * BlockLength * Fingerprint96.Size);
        int lowest = 0, highest = length - 1;
        while (lowest <= highest)
        {
            var middle = lowest + ((highest - lowest) / 2);
            var order = Fingerprint96.Read(bytes[(middle * Fingerprint96.Size)..]).CompareTo(target);
            if (order == 0)
            {
                return true;
            }

            (lowest, highest) = order < 0 ? (middle + 1, highest) : (lowest, middle - 1);
        }

        return false;
    }

    /// <summary>Writes the union of two runs (which share no fingerprint), in order, reading each file once from start to end.</summary>
    public static void Merge(SortedRun older, SortedRun newer, RunWriter writer)
    {
        using var left = new Reader(older);
        using var right = new Reader(newer);
        while (left.Current.HasValue || right.Current.HasValue)
        {
            if (right.Current is not { } next || (left.Current is { } first && first < next))
            {
                writer.Append(left.Current!.Value);
                left.MoveNext();
            }
            else
            {
                writer.Append(next);
                right.MoveNext();
            }
        }
    }

    public void Dispose() => _file.Dispose();

    internal static void ReadExactly(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        if (TemporaryFile.ReadAt(file, buffer, offset) < buffer.Length)
        {
            throw new IOException("A key run file ended early: the temporary directory's files were changed under the job.");
        }
    }

    /// <summary>A run's fingerprints from first to last, read 64 KB at a time.</summary>
    private sealed class Reader : IDisposable
    {
        private readonly SortedRun _run;
        private readonly byte[] _chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(SortedRun.ChunkLength);
        private long _next;
        private int _position;
        private int _length;

        public Reader(SortedRun run)
        {
            _run = run;
            MoveNext();
        }

        public Fingerprint96? Current { get; private set; }

        public void MoveNext()
        {
            if (_position == _length)
            {
                var remaining = (_run.Count - _next) * Fingerprint96.Size;
                if (remaining <= 0)
                {
                    Current = null;
                    return;
                }

                _length = (int)Math.Min(ChunkLength, remaining);
                ReadExactly(_run._file, _chunk.AsSpan(0, _length), _next * Fingerprint96.Size);
                _position = 0;
            }

            Current = Fingerprint96.Read(_chunk.AsSpan(_position));
            _position += Fingerprint96.Size;
            _next++;
        }

        public void Dispose() => System.Buffers.ArrayPool<byte>.Shared.Return(_chunk);
    }
}
