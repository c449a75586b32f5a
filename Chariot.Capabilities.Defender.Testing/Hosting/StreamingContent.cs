using System.IO.Pipelines;
using System.Net;
using Chariot.Capabilities.Defender.Testing.Faults;

namespace Chariot.Capabilities.Defender.Testing.Hosting;

/// <summary>
/// Response content that is produced while the client reads it, through a small pipe: a 200 MB page never sits
/// in memory. A reset fault reaches the reader as an <see cref="IOException"/> mid-body, like a dropped connection.
/// </summary>
internal sealed class StreamingContent : HttpContent
{
    private readonly Func<Stream, CancellationToken, Task>? _body;

    public StreamingContent(Func<Stream, CancellationToken, Task>? body) => _body = body;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_body is null)
        {
            return;
        }

        try
        {
            await _body(stream, cancellationToken);
        }
        catch (BodyCutOffException cut) when (!cut.IsReset)
        {
            // A truncated body ends as if it were complete.
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
    {
        if (_body is null)
        {
            return Task.FromResult<Stream>(new MemoryStream([], writable: false));
        }

        var pipe = new Pipe();
        var stop = new CancellationTokenSource();
        _ = Task.Run(() => ProduceAsync(pipe.Writer, stop.Token), CancellationToken.None);
        return Task.FromResult<Stream>(new ConsumerStream(pipe.Reader.AsStream(), stop));
    }

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    private async Task ProduceAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        try
        {
            await using (var stream = writer.AsStream(leaveOpen: true))
            {
                await _body!(stream, cancellationToken);
            }

            await writer.CompleteAsync();
        }
        catch (BodyCutOffException cut) when (!cut.IsReset)
        {
            await writer.CompleteAsync();
        }
        catch (Exception exception)
        {
            await writer.CompleteAsync(exception);
        }
    }

    /// <summary>Stops the producer when the client disposes the body without reading it all.</summary>
    private sealed class ConsumerStream(Stream inner, CancellationTokenSource stop) : Stream
    {
        private int _disposed;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            // HttpContent disposes the stream it handed out again: stop the producer once.
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                stop.Cancel();
                stop.Dispose();
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
