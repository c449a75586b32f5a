namespace Chariot.Capabilities.Defender.Tests.Support;

/// <summary>
/// A response body made as it is read, from a sequence of parts, so a test can send a page of any size (an endless one
/// included) without holding it. Counts what it served, to show how far the reader went.
/// </summary>
internal sealed class GeneratedBody(IEnumerable<ReadOnlyMemory<byte>> parts, int maxRead = int.MaxValue) : Stream
{
    private readonly IEnumerator<ReadOnlyMemory<byte>> _parts = parts.GetEnumerator();
    private ReadOnlyMemory<byte> _current;

    /// <summary>Bytes served so far.</summary>
    public long Served { get; private set; }

    /// <summary><paramref name="count"/> bytes of <paramref name="value"/>, in parts of 64 KB (one part, reused).</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Repeat(byte value, long count)
    {
        var part = new byte[64 * 1024];
        part.AsSpan().Fill(value);
        for (var left = count; left > 0; left -= part.Length)
        {
            yield return part.AsMemory(0, (int)Math.Min(left, part.Length));
        }
    }

    /// <summary>A body answering 200 with these parts.</summary>
    public HttpResponseMessage Response() => new(System.Net.HttpStatusCode.OK) { Content = new StreamContent(this) };

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_current.IsEmpty)
        {
            if (!_parts.MoveNext())
            {
                return 0;
            }

            _current = _parts.Current;
        }

        var take = Math.Min(Math.Min(buffer.Length, _current.Length), maxRead);
        _current.Span[..take].CopyTo(buffer);
        _current = _current[take..];
        Served += take;
        return take;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => Served; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _parts.Dispose();
        }

        base.Dispose(disposing);
    }
}
