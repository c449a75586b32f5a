using System.Buffers;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Chariot.Capabilities.Defender.Devices;

/// <summary>
/// Machine records (id, and host with the asset's name after a NUL, each as its UTF-8 length and bytes) appended to a
/// temporary file through a buffer; a record still in the buffer is read from there.
/// </summary>
internal sealed class DeviceRecords : IDisposable
{
    private const int BufferSize = 64 * 1024;
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

    public long Append(string id, string host, string name)
    {
        var idBytes = Encoding.UTF8.GetByteCount(id);
        var hostBytes = Encoding.UTF8.GetByteCount(host) + 1 + Encoding.UTF8.GetByteCount(name);
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
        var hostAt = 8 + idBytes;
        var nul = hostAt + Encoding.UTF8.GetBytes(host, record[hostAt..]);
        record[nul] = 0; // a host name has no NUL: what follows is the asset's name
        Encoding.UTF8.GetBytes(name, record[(nul + 1)..]);
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

    public (string Id, string Host, string Name) Read(long offset) =>
        With(offset, 0, static (record, _) => (Encoding.UTF8.GetString(IdOf(record)), Encoding.UTF8.GetString(HostOf(record)), Encoding.UTF8.GetString(NameOf(record))));

    // Whether the record's id is the given one, case aside, without making a string of it.
    public bool IdEquals(long offset, string id) => With(offset, id, static (record, id) => IdIs(IdOf(record), id));

    // The record's host when its id is the given one, case aside; else null.
    public string? HostIfId(long offset, string id) =>
        With(offset, id, static (record, id) => IdIs(IdOf(record), id) ? Encoding.UTF8.GetString(HostOf(record)) : null);

    // Whether the record's host is the given one, without making a string of it.
    public bool HostEquals(long offset, string host) => With(offset, host, static (record, host) => Utf8Equals(HostOf(record), host));

    public void Dispose() => _handle?.Dispose();

    // A record is [id length][id][host length][host NUL name], the lengths as 4-byte integers, the texts as UTF-8.
    private static ReadOnlySpan<byte> IdOf(ReadOnlySpan<byte> record) => record.Slice(4, BitConverter.ToInt32(record));

    private static ReadOnlySpan<byte> HostOf(ReadOnlySpan<byte> record)
    {
        var field = HostField(record);
        return field[..field.IndexOf((byte)0)];
    }

    private static ReadOnlySpan<byte> NameOf(ReadOnlySpan<byte> record)
    {
        var field = HostField(record);
        return field[(field.IndexOf((byte)0) + 1)..];
    }

    // The second field: the host, a NUL, the asset's name.
    private static ReadOnlySpan<byte> HostField(ReadOnlySpan<byte> record)
    {
        var at = 4 + BitConverter.ToInt32(record);
        return record.Slice(at + 4, BitConverter.ToInt32(record[at..]));
    }

    // The length of the record that starts the span, when the span holds all of it.
    private static bool Holds(ReadOnlySpan<byte> span, out int length)
    {
        length = 0;
        var idBytes = span.Length >= 8 ? BitConverter.ToInt32(span) : -1;
        if (idBytes < 0 || 8L + idBytes > span.Length)
        {
            return false;
        }

        length = 8 + idBytes + BitConverter.ToInt32(span[(4 + idBytes)..]);
        return length <= span.Length;
    }

    private static bool IdIs(ReadOnlySpan<byte> utf8, string id)
    {
        if (utf8.Length < id.Length || utf8.Length > id.Length * 3)
        {
            return false; // a UTF-8 text of n characters has n to 3n bytes
        }

        char[]? rented = null;
        var text = utf8.Length <= 256 ? stackalloc char[utf8.Length] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        try
        {
            var written = Encoding.UTF8.GetChars(utf8, text);
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

    private static bool Utf8Equals(ReadOnlySpan<byte> utf8, string text)
    {
        if (utf8.Length != Encoding.UTF8.GetByteCount(text))
        {
            return false;
        }

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

    private delegate TResult RecordReader<TArg, TResult>(ReadOnlySpan<byte> record, TArg arg);

    // Reads the record at offset with the given reader (a static one: nothing is allocated for it).
    private TResult With<TArg, TResult>(long offset, TArg arg, RecordReader<TArg, TResult> read)
    {
        var bytes = Bytes(offset, out var rented);
        try
        {
            return read(bytes, arg);
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
            var tail = _tail.AsSpan((int)(offset - _written), _tailLength - (int)(offset - _written));
            return Holds(tail, out var length) ? tail[..length] : throw Damaged();
        }

        // Records are read back in about the order they were written (vulnerability rows come device by device, as the
        // devices did): one read of a block serves the records after it too.
        if (InBlock(offset) is { Length: > 0 } cached)
        {
            return cached;
        }

        _blockLength = TemporaryFile.ReadAt(_handle!, _block, offset);
        _blockStart = offset;
        return InBlock(offset) is { Length: > 0 } read ? read : Large(offset, out rented);
    }

    // The record at offset when the block read last holds all of it; else empty.
    private ReadOnlySpan<byte> InBlock(long offset)
    {
        var at = offset - _blockStart;
        if (_blockStart < 0 || at < 0 || at >= _blockLength)
        {
            return default;
        }

        var block = _block.AsSpan((int)at, _blockLength - (int)at);
        return Holds(block, out var length) ? block[..length] : default;
    }

    // A record larger than a block, which was just read at its start: read whole into a rented buffer.
    private ReadOnlySpan<byte> Large(long offset, out byte[]? rented)
    {
        Span<byte> hostLength = stackalloc byte[4];
        if (_blockLength < 4 || TemporaryFile.ReadAt(_handle!, hostLength, offset + 4 + BitConverter.ToInt32(_block)) < 4)
        {
            throw Damaged();
        }

        var length = 8 + BitConverter.ToInt32(_block) + BitConverter.ToInt32(hostLength);
        rented = ArrayPool<byte>.Shared.Rent(length);
        return TemporaryFile.ReadAt(_handle!, rented.AsSpan(0, length), offset) == length ? rented.AsSpan(0, length) : throw Damaged();
    }

    private static IOException Damaged() => new("The device directory's temporary file ended inside a record.");

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
