using System.Text;
using System.Text.Json;

namespace Chariot.Capabilities.Defender.Testing.Routing;

/// <summary>An answer before it meets a transport: status, headers and a body that writes itself to a stream.</summary>
internal sealed class FakeResponse
{
    public FakeResponse(int status, string? contentType, Func<Stream, CancellationToken, Task>? body)
    {
        Status = status;
        ContentType = contentType;
        Body = body;
    }

    public int Status { get; }

    public string? ContentType { get; }

    /// <summary>Writes the body; null for an empty body. Streams large bodies page by page, never buffering them.</summary>
    public Func<Stream, CancellationToken, Task>? Body { get; set; }

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public FakeResponse WithHeader(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }

    public static FakeResponse Json(int status, Action<Utf8JsonWriter> write) =>
        new(status, "application/json; charset=utf-8", async (stream, cancellationToken) =>
        {
            await using var writer = new Utf8JsonWriter(stream);
            write(writer);
            await writer.FlushAsync(cancellationToken);
        });

    /// <summary>A JSON body written by an async producer that flushes as it goes, for pages of any size.</summary>
    public static FakeResponse JsonStream(int status, Func<Utf8JsonWriter, CancellationToken, Task> write) =>
        new(status, "application/json; charset=utf-8", async (stream, cancellationToken) =>
        {
            await using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true });
            await write(writer, cancellationToken);
            await writer.FlushAsync(cancellationToken);
        });

    public static FakeResponse Bytes(int status, string contentType, byte[] bytes) =>
        new(status, contentType, (stream, cancellationToken) => stream.WriteAsync(bytes, cancellationToken).AsTask());

    public static FakeResponse Text(int status, string contentType, string text) =>
        Bytes(status, contentType, Encoding.UTF8.GetBytes(text));

    public static FakeResponse Empty(int status) => new(status, null, null);
}
