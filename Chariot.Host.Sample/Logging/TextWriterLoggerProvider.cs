using Microsoft.Extensions.Logging;

namespace Chariot.Host.Sample.Logging;

/// <summary>
/// A one-line-per-entry logger writing to a <see cref="TextWriter"/> (stderr in production, a buffer in tests), so logs
/// never mix with results on stdout.
/// </summary>
internal sealed class TextWriterLoggerProvider : ILoggerProvider
{
    private readonly TextWriter _writer;

    /// <summary>Logs to <paramref name="writer"/>.</summary>
    public TextWriterLoggerProvider(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new TextWriterLogger(_writer, ShortCategory(categoryName));

    /// <inheritdoc />
    public void Dispose()
    {
    }

    // "Chariot.Capabilities.Defender.Alerts.AlertSync" reads as "AlertSync": the full name is noise on a terminal.
    private static string ShortCategory(string category) => category[(category.LastIndexOf('.') + 1)..];

    private sealed class TextWriterLogger(TextWriter writer, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{Label(logLevel)}: {category}: {formatter(state, exception)}";
            writer.WriteLine(exception is null ? line : line + Environment.NewLine + "  " + exception);
        }

        private static string Label(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
