using Chariot.Capabilities;
using Chariot.Capabilities.Throttling;
using Chariot.Host.Sample;
using Chariot.Host.Sample.Plugins;
using Chariot.Host.Sample.Tests;

namespace Chariot.EndToEnd.Tests.Support;

/// <summary>
/// Runs the sample host's command line in process, as <c>chariot-host</c> would run: the real clock (the fake tenant
/// runs on it too), no environment variables (so a developer's AZURE_* never leaks in), captured stdout and stderr,
/// and the given HTTP seam. Commands that take <c>--plugins</c> get the given plugins directory.
/// </summary>
internal sealed class EndToEndHost(string pluginsDirectory, string workDirectory, IHttpHandlerSource? httpHandlers = null)
{
    private static readonly string[] CommandsWithPlugins = ["run", "validate", "affiliation"];

    public LoadContextTracker LoadContexts { get; init; } = new();

    /// <summary>Call budgets that outlive the command, as in a process that runs many; null: the command's own.</summary>
    public CallBudgets? Budgets { get; init; }

    public string PluginsDirectory => pluginsDirectory;

    public Task<HostResult> RunAsync(params string[] args)
    {
        var takesPlugins = args.Length > 0 && (CommandsWithPlugins.Contains(args[0]) || (args[0] == "plugins" && args.Length > 1));
        return RunExactlyAsync(takesPlugins ? [.. args, "--plugins", pluginsDirectory] : args);
    }

    /// <summary>Runs the arguments as given, adding nothing.</summary>
    public async Task<HostResult> RunExactlyAsync(params string[] args)
    {
        var output = new ConcurrentStringWriter();
        var error = new ConcurrentStringWriter();
        var environment = new HostEnvironment
        {
            Out = output,
            Error = error,
            Time = TimeProvider.System,
            GetEnvironmentVariable = _ => null,
            BaseDirectory = workDirectory,
            HttpHandlers = httpHandlers,
            LoadContexts = LoadContexts,
            Budgets = Budgets,
        };
        var exitCode = await Program.RunAsync(args, environment);
        return new HostResult(exitCode, output.ToString(), error.ToString());
    }
}
