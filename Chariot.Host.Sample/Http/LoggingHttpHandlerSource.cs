using Chariot.Capabilities;
using Microsoft.Extensions.Logging;

namespace Chariot.Host.Sample.Http;

/// <summary>
/// <c>--verbose</c>: wraps another source's handlers so every HTTP call (retries included, as this is the innermost
/// handler) is logged with its method, URL, status and duration. The logger masks the Authorization value and secrets.
/// </summary>
internal sealed partial class LoggingHttpHandlerSource : IHttpHandlerSource
{
    private readonly IHttpHandlerSource _inner;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public LoggingHttpHandlerSource(IHttpHandlerSource inner, ILoggerFactory loggers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(time);
        _inner = inner;
        _loggers = loggers;
        _time = time;
    }

    /// <inheritdoc />
    public HttpMessageHandler CreatePrimaryHandler(string clientName) =>
        new LoggingHandler(_loggers.CreateLogger("Http." + clientName), _time) { InnerHandler = _inner.CreatePrimaryHandler(clientName) };

    private sealed partial class LoggingHandler(ILogger logger, TimeProvider time) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var started = time.GetTimestamp();
            var authorization = request.Headers.Authorization?.ToString() ?? "none";
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                LogCall(logger, request.Method, request.RequestUri, (int)response.StatusCode, time.GetElapsedTime(started).TotalMilliseconds, authorization);
                return response;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                LogFailure(logger, request.Method, request.RequestUri, e.Message, authorization);
                throw;
            }
        }

        [LoggerMessage(LogLevel.Debug, "HTTP {Method} {Uri} -> {Status} in {Milliseconds:F0} ms (Authorization: {Authorization})")]
        private static partial void LogCall(ILogger logger, HttpMethod method, Uri? uri, int status, double milliseconds, string authorization);

        [LoggerMessage(LogLevel.Debug, "HTTP {Method} {Uri} failed: {Reason} (Authorization: {Authorization})")]
        private static partial void LogFailure(ILogger logger, HttpMethod method, Uri? uri, string reason, string authorization);
    }
}
