using Chariot.Capabilities;

namespace Chariot.Host.Sample.Jobs;

/// <summary>
/// One job's view of the host's HTTP seam: hands out the command's primary handlers and remembers them, so the job's
/// end disposes them (closing their pooled connections) whoever built the clients on top of them.
/// </summary>
internal sealed class JobHttpHandlers(IHttpHandlerSource inner) : IHttpHandlerSource, IDisposable
{
    private readonly Lock _lock = new();
    private List<HttpMessageHandler>? _created = [];

    public HttpMessageHandler CreatePrimaryHandler(string clientName)
    {
        var handler = inner.CreatePrimaryHandler(clientName);
        lock (_lock)
        {
            if (_created is not null)
            {
                _created.Add(handler);
                return handler;
            }
        }

        // Asked after the job ended (a plugin that kept its provider): nothing would ever dispose it.
        handler.Dispose();
        throw new ObjectDisposedException(nameof(JobHttpHandlers), "The job has ended; its HTTP handlers are disposed.");
    }

    public void Dispose()
    {
        List<HttpMessageHandler>? created;
        lock (_lock)
        {
            created = _created;
            _created = null;
        }

        foreach (var handler in created ?? [])
        {
            handler.Dispose();
        }
    }
}
