using Microsoft.Extensions.Logging;

namespace Chariot.Host.Sample.Logging;

/// <summary>
/// Wraps a logger provider so every message and exception it receives is formatted, then masked by the
/// <see cref="SecretRedactor"/>, before the inner provider sees it: a plugin that logs a secret (or a bearer token)
/// cannot leak it, whatever the inner sink does with structured state.
/// </summary>
internal sealed class RedactingLoggerProvider : ILoggerProvider
{
    private readonly ILoggerProvider _inner;
    private readonly SecretRedactor _redactor;
    private readonly bool _includeStackTraces;

    /// <summary>Wraps <paramref name="inner"/>; stack traces are kept only when <paramref name="includeStackTraces"/> (--verbose).</summary>
    public RedactingLoggerProvider(ILoggerProvider inner, SecretRedactor redactor, bool includeStackTraces)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(redactor);
        _inner = inner;
        _redactor = redactor;
        _includeStackTraces = includeStackTraces;
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(_inner.CreateLogger(categoryName), this);

    /// <inheritdoc />
    public void Dispose() => _inner.Dispose();

    private string Describe(Exception exception) =>
        _includeStackTraces ? exception.ToString() : $"{exception.GetType().Name}: {exception.Message}";

    private sealed class RedactingLogger(ILogger inner, RedactingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(owner._redactor.Redact(state.ToString() ?? ""));

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            if (exception is not null)
            {
                message += Environment.NewLine + "  " + owner.Describe(exception);
            }

            // The exception travels only as redacted text: its own ToString() could carry a secret.
            inner.Log(logLevel, eventId, owner._redactor.Redact(message), null, static (text, _) => text);
        }
    }
}
