using System.Buffers;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Chariot.Capabilities.Defender.Devices;

/// <summary>
/// Machine records (id and host, each as its UTF-8 length and bytes) appended to a temporary file through a buffer;
/// a record still in the buffer is read from there.
/// </summary>
internal sealed class DeviceRecords : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private const int FirstRead = 256;
    private const int BlockSize = 4096;

    private readonly string _directory;
    private SafeFileHandle? _handle;
    private readonly byte[] _tail = new byte[BufferSize];
    private readonly byte[] _block = new byte[BlockSize];
    private long _blockStart = -1;
    private int _blockLength;
    private int _tailLength;
    private long _written;

    public DeviceRecords(string directory) => _directory = directory;

    public long Append(string id, string host)
    {
        var idBytes = Encoding.UTF8.GetByteCount(id);
        var hostBytes = Encoding.UTF8.GetByteCount(host);
        var length = 8 + idBytes + hostBytes;
        if (_tailLength + length > _tail.Length)
        {
            Flush();
        }

        var offset = _written + _tailLength;
        var record = length <= _tail.Length ? _tail.AsSpan(_tailLength, length) : new byte[length];
        BitConverter.TryWriteBytes(record, idBytes);
        Encoding.UTF8.GetBytes(id, record[4..]);
        BitConverter.TryWriteBytes(record[(4 + idBytes)..], hostBytes);
        Encoding.UTF8.GetBytes(host, record[(8 + idBytes)..]);
        if (length <= _tail.Length)
        {
            _tailLength += length;
        }
        else
        {
            RandomAccess.Write(Handle(), record, _written);
            _written += length;
        }

        return offset;
    }

    public (string Id, string Host) Read(long offset)
    {
        var bytes = Bytes(offset, out var rented);
        try
        {
            var idBytes = BitConverter.ToInt32(bytes);
            var hostBytes = BitConverter.ToInt32(bytes[(4 + idBytes)..]);
            return (Encoding.UTF8.GetString(bytes.Slice(4, idBytes)), Encoding.UTF8.GetString(bytes.Slice(8 + idBytes, hostBytes)));
        }
        finally
        {
            Return(rented);
        }
    }

    // Whether the record's id is the given one, case aside, without making a string of it.
    public bool IdEquals(long offset, string id)
    {
        var bytes = Bytes(offset, out var rented);
        try
        {
            return IdIs(bytes, id);
        }
        finally
        {
            Return(rented);
        }
    }

    // The record's host when its id is the given one, case aside; else null.
    public string? HostIfId(long offset, string id)
    {
        var bytes = Bytes(offset, out var rented);
        try
        {
            if (!IdIs(bytes, id))
            {
                return null;
            }

            var idBytes = BitConverter.ToInt32(bytes);
            return Encoding.UTF8.GetString(bytes.Slice(8 + idBytes, BitConverter.ToInt32(bytes[(4 + idBytes)..])));
        }
        finally
        {
            Return(rented);
        }
    }

    private static bool IdIs(ReadOnlySpan<byte> record, string id)
    {
        var idBytes = BitConverter.ToInt32(record);
        if (idBytes < id.Length || idBytes > id.Length * 3)
        {
            return false; // a UTF-8 text of n characters has n to 3n bytes
        }

        char[]? rented = null;
        var text = idBytes <= 256 ? stackalloc char[idBytes] : (rented = ArrayPool<char>.Shared.Rent(idBytes));
        try
        {
            var written = Encoding.UTF8.GetChars(record.Slice(4, idBytes), text);
            return text[..written].Equals(id, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    // Whether the record's host is the given one, without making a string of it.
    public bool HostEquals(long offset, string host)
    {
        var bytes = Bytes(offset, out var rented);
        try
        {
            var hostBytes = bytes[(4 + BitConverter.ToInt32(bytes))..];
            var text = hostBytes[4..];
            return text.Length == Encoding.UTF8.GetByteCount(host) && Utf8Equals(text, host);
        }
        finally
        {
            Return(rented);
        }
    }

    public void Dispose() => _handle?.Dispose();

    private static bool Utf8Equals(ReadOnlySpan<byte> utf8, string text)
    {
        byte[]? rented = null;
        var encoded = utf8.Length <= 256 ? stackalloc byte[utf8.Length] : (rented = ArrayPool<byte>.Shared.Rent(utf8.Length));
        try
        {
            return Encoding.UTF8.GetBytes(text, encoded) == utf8.Length && encoded[..utf8.Length].SequenceEqual(utf8);
        }
        finally
        {
            Return(rented);
        }
    }

    // The record's bytes: from the tail while it is there, else read from the file (a buffer rented when it is large).
    private ReadOnlySpan<byte> Bytes(long offset, out byte[]? rented)
    {
        rented = null;
        if (offset >= _written)
        {
            var at = (int)(offset - _written);
            return _tail.AsSpan(at, RecordLength(_tail.AsSpan(at)));
        }

        // Records are read back in about the order they were written (vulnerability rows come device by device, as the
        // devices did): one read of a block serves the records after it too.
        if (InBlock(offset) is { Length: > 0 } cached)
        {
            return cached;
        }

        _blockLength = ReadAt(_block, 0, _block.Length, offset);
        _blockStart = offset;
        if (InBlock(offset) is { Length: > 0 } read)
        {
            return read;
        }

        return Large(offset, out rented);
    }

    // The record at offset when the block read last holds all of it; else empty.
    private ReadOnlySpan<byte> InBlock(long offset)
    {
        var at = offset - _blockStart;
        if (_blockStart < 0 || at < 0 || at + 8 > _blockLength)
        {
            return default;
        }

        var block = _block.AsSpan((int)at, _blockLength - (int)at);
        var idBytes = BitConverter.ToInt32(block);
        if (idBytes < 0 || 8L + idBytes > block.Length)
        {
            return default;
        }

        var length = 8 + idBytes + BitConverter.ToInt32(block[(4 + idBytes)..]);
        return length <= block.Length ? block[..length] : default;
    }

    // A record larger than a block, read whole into a rented buffer.
    private ReadOnlySpan<byte> Large(long offset, out byte[]? rented)
    {
        rented = ArrayPool<byte>.Shared.Rent(FirstRead);
        var read = ReadAt(rented, 0, FirstRead, offset);
        var idBytes = read >= 4 ? BitConverter.ToInt32(rented) : throw Damaged();
        if (read < 8 + idBytes)
        {
            Grow(ref rented, 8 + idBytes, read);
            read += ReadAt(rented, read, 8 + idBytes - read, offset + read);
        }

        var length = 8 + idBytes + BitConverter.ToInt32(rented.AsSpan(4 + idBytes));
        if (read < length)
        {
            Grow(ref rented, length, read);
            ReadAt(rented, read, length - read, offset + read);
        }

        return rented.AsSpan(0, length);
    }

    // Reads up to count bytes (fewer only at the end of the file).
    private int ReadAt(byte[] buffer, int start, int count, long offset)
    {
        var read = 0;
        while (read < count)
        {
            var got = RandomAccess.Read(_handle!, buffer.AsSpan(start + read, count - read), offset + read);
            if (got == 0)
            {
                break;
            }

            read += got;
        }

        return read;
    }

    private static void Grow(ref byte[] rented, int length, int kept)
    {
        var larger = ArrayPool<byte>.Shared.Rent(length);
        rented.AsSpan(0, kept).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(rented);
        rented = larger;
    }

    private static IOException Damaged() => new("The device directory's temporary file ended inside a record.");

    private static int RecordLength(ReadOnlySpan<byte> record)
    {
        var idBytes = BitConverter.ToInt32(record);
        return 8 + idBytes + BitConverter.ToInt32(record[(4 + idBytes)..]);
    }

    private static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Flush()
    {
        if (_tailLength > 0)
        {
            RandomAccess.Write(Handle(), _tail.AsSpan(0, _tailLength), _written);
            _written += _tailLength;
            _tailLength = 0;
        }
    }

    private SafeFileHandle Handle() => _handle ??= TemporaryFile.Open(_directory, "The device directory");
}
