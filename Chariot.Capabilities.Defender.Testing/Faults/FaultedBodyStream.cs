namespace Chariot.Capabilities.Defender.Testing.Faults;

/// <summary>A write-only wrapper over a response body that cuts it off or slows it down, as a fault asks.</summary>
internal sealed class FaultedBodyStream : Stream
{
    private readonly Stream _inner;
    private readonly Fault _fault;
    private readonly TimeProvider _timeProvider;
    private long _written;

    public FaultedBodyStream(Stream inner, Fault fault, TimeProvider timeProvider)
    {
        _inner = inner;
        _fault = fault;
        _timeProvider = timeProvider;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        switch (_fault.Kind)
        {
            case FaultKind.ConnectionReset or FaultKind.TruncatedBody:
                var room = (int)Math.Max(0, _fault.AfterBytes - _written);
                if (buffer.Length >= room)
                {
                    await _inner.WriteAsync(buffer[..room], cancellationToken);
                    await _inner.FlushAsync(cancellationToken);
                    _written += room;
                    throw new BodyCutOffException(isReset: _fault.Kind == FaultKind.ConnectionReset);
                }

                await _inner.WriteAsync(buffer, cancellationToken);
                _written += buffer.Length;
                break;
            case FaultKind.SlowBody:
                for (var offset = 0; offset < buffer.Length; offset += _fault.ChunkBytes)
                {
                    var chunk = buffer.Slice(offset, Math.Min(_fault.ChunkBytes, buffer.Length - offset));
                    await Task.Delay(_fault.ChunkDelay, _timeProvider, cancellationToken);
                    await _inner.WriteAsync(chunk, cancellationToken);
                    await _inner.FlushAsync(cancellationToken);
                    _written += chunk.Length;
                }

                break;
            default:
                await _inner.WriteAsync(buffer, cancellationToken);
                _written += buffer.Length;
                break;
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush() => _inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
