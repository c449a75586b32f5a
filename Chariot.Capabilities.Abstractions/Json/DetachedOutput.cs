using System.Buffers;

namespace Chariot.Capabilities.Json;

/// <summary>
/// Where a kept <see cref="System.Text.Json.Utf8JsonWriter"/> points between uses: resetting it onto nothing, unlike
/// <c>Reset(Stream.Null)</c>, makes no buffer. Writing to it is a bug, so it refuses.
/// </summary>
internal sealed class DetachedOutput : IBufferWriter<byte>
{
    public static DetachedOutput Instance { get; } = new();

    private DetachedOutput()
    {
    }

    public void Advance(int count) => throw Detached();

    public Memory<byte> GetMemory(int sizeHint = 0) => throw Detached();

    public Span<byte> GetSpan(int sizeHint = 0) => throw Detached();

    private static InvalidOperationException Detached() => new("A JSON writer kept between uses was written to while detached.");
}
