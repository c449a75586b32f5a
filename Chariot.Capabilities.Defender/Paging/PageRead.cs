using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Chariot.Capabilities.Defender.Paging;

/// <summary>
/// One page's body, read buffer by buffer into the parser, at a cost linear in its size: a record that has not all
/// arrived is parsed again from its start once more has, so more comes first (the buffer is filled) before it is
/// parsed again, and a large record costs a few passes, not one per network read.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class PageRead<T>(JsonTypeInfo<T> itemType, int maxItems, long maxBytes, TimeSpan idleTimeout, TimeProvider time, string itemsName = PageTokens.ODataItems) : IDisposable
{
    private const int InitialBuffer = 64 * 1024;

    private readonly ODataPageParser<T> _parser = new(itemType, maxItems, itemsName);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    private int _filled;
    private long _received;
    private bool _waitForMore;
    private bool _ended;
    private bool _abandoned;

    public bool Finished => _parser.IsComplete || _ended;

    public string? NextLink => _parser.NextLink;

    public long? Count => _parser.Count;

    /// <summary>Bytes handed to the parser so far, counting each time it is given the same bytes again.</summary>
    public long Examined { get; private set; }

    /// <exception cref="OversizedPageException">The body is longer than the page's byte cap, or the parser's caps were met.</exception>
    public async Task ReadMoreAsync(Stream body, List<ParsedItem<T>> items, CancellationToken cancellationToken)
    {
        if (_filled == _buffer.Length)
        {
            // One item is larger than the buffer: grow it (items are small, and capped; pages are not).
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _filled).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        int read;
        do
        {
            read = await ReadAsync(body, cancellationToken);
            _filled += read;
            _received += read;
            if (_received > maxBytes)
            {
                throw new OversizedPageException($"is larger than {maxBytes / (1024 * 1024):N0} MB, the cap on a page (a page that does not end is stopped, not read on)");
            }
        }
        while (_waitForMore && read > 0 && _filled < _buffer.Length);

        var final = read == 0;
        Examined += _filled;
        var consumed = _parser.Parse(_buffer.AsSpan(0, _filled), final, items);
        _waitForMore = consumed == 0;
        _buffer.AsSpan(consumed, _filled - consumed).CopyTo(_buffer);
        _filled -= consumed;
        if (final && !_parser.IsComplete)
        {
            _ended = true;
            throw new JsonException("The page body ended before the JSON did (a truncated response).");
        }
    }

    private async Task<int> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            return await BodyReads.WithinIdleTimeoutAsync(body.ReadAsync(_buffer.AsMemory(_filled), cancellationToken).AsTask(), idleTimeout, time, cancellationToken);
        }
        catch (IOException)
        {
            // A read given up on may still write into the buffer until the connection is torn down: never pool it again.
            _abandoned = true;
            throw;
        }
    }

    public void Dispose()
    {
        if (!_abandoned)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = [];
    }
}
