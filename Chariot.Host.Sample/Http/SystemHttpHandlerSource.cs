using Chariot.Capabilities;

namespace Chariot.Host.Sample.Http;

/// <summary>
/// The default HTTP seam: a <see cref="SocketsHttpHandler"/> per client that honours the system proxy
/// (HTTPS_PROXY / HTTP_PROXY / NO_PROXY) and recycles connections so DNS changes are seen.
/// </summary>
internal sealed class SystemHttpHandlerSource : IHttpHandlerSource
{
    /// <inheritdoc />
    public HttpMessageHandler CreatePrimaryHandler(string clientName) => new SocketsHttpHandler
    {
        UseProxy = true,
        Proxy = HttpClient.DefaultProxy,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    };
}
