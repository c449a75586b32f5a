using Chariot.Capabilities;
using Chariot.Capabilities.Throttling;
using Chariot.Host.Sample.Http;
using Chariot.Host.Sample.Logging;
using Chariot.Host.Sample.Plugins;
using Microsoft.Extensions.Logging;

namespace Chariot.Host.Sample.Jobs;

/// <summary>
/// One command's shared machinery: redacted output streams, the logger factory (stderr, redacted), the plugin
/// catalog and the plugins loaded, the HTTP seam and the vendor call budgets. Every job of the command uses it; each job
/// still gets its own services and scope from the plugin.
/// </summary>
internal sealed class HostRuntime : IDisposable
{
    /// <summary>Builds the runtime for one command.</summary>
    public HostRuntime(HostEnvironment environment, string? pluginsDirectory, bool verbose, IHttpHandlerSource? httpHandlers = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Environment = environment;
        Verbose = verbose;
        Out = new RedactingTextWriter(environment.Out, Redactor);
        Error = new RedactingTextWriter(environment.Error, Redactor);
        Loggers = new LoggerFactory(
            [new RedactingLoggerProvider(new TextWriterLoggerProvider(Error), Redactor, includeStackTraces: verbose)],
            Filters(verbose));
        Catalog = new PluginCatalog(pluginsDirectory ?? DefaultPluginsDirectory(environment));
        var http = httpHandlers ?? environment.HttpHandlers ?? new SystemHttpHandlerSource();
        HttpHandlers = verbose ? new LoggingHttpHandlerSource(http, Loggers, environment.Time) : http;
        _ownBudgets = environment.Budgets is null ? new CallBudgets(environment.Time) : null;
        Budgets = environment.Budgets ?? _ownBudgets!;
        Plugins = new PluginCache(environment.LoadContexts);
    }

    private readonly CallBudgets? _ownBudgets;

    // Plugins say what they do at Information; the HTTP and resilience plumbing they run on only when --verbose.
    private static LoggerFilterOptions Filters(bool verbose)
    {
        var options = new LoggerFilterOptions { MinLevel = verbose ? LogLevel.Debug : LogLevel.Information };
        if (!verbose)
        {
            foreach (var category in (string[])["System.Net.Http", "Polly", "Microsoft"])
            {
                options.Rules.Add(new LoggerFilterRule(null, category, LogLevel.Warning, null));
            }
        }

        return options;
    }

    /// <summary>The outside world.</summary>
    public HostEnvironment Environment { get; }

    /// <summary>Whether <c>--verbose</c> was given: debug logs, HTTP calls, stack traces.</summary>
    public bool Verbose { get; }

    /// <summary>Masks every secret the command has seen, in every output.</summary>
    public SecretRedactor Redactor { get; } = new();

    /// <summary>stdout, redacted.</summary>
    public TextWriter Out { get; }

    /// <summary>stderr, redacted.</summary>
    public TextWriter Error { get; }

    /// <summary>Logging to stderr, redacted.</summary>
    public ILoggerFactory Loggers { get; }

    /// <summary>The installed plugins.</summary>
    public PluginCatalog Catalog { get; }

    /// <summary>The plugins loaded for this command: each once, unloaded when the command ends.</summary>
    public PluginCache Plugins { get; }

    /// <summary>The HTTP seam handed to plugins.</summary>
    public IHttpHandlerSource HttpHandlers { get; }

    /// <summary>
    /// The vendor call budgets every job of the command shares: a vendor counts its limits per app and tenant, so
    /// parallel jobs with the same credentials, and each run of <c>--every</c>, draw on the same ones.
    /// </summary>
    public CallBudgets Budgets { get; }

    /// <summary>The clock.</summary>
    public TimeProvider Time => Environment.Time;

    /// <summary><c>{host}/plugins</c>.</summary>
    public static string DefaultPluginsDirectory(HostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Path.Combine(environment.BaseDirectory, "plugins");
    }

    /// <summary>Writes an error line to stderr (masked like everything else).</summary>
    public void ReportError(string message) => Error.WriteLine("error: " + message);

    /// <inheritdoc />
    public void Dispose()
    {
        Plugins.Dispose();
        Loggers.Dispose();
        _ownBudgets?.Dispose();
        Out.Flush();
        Error.Flush();
    }
}
