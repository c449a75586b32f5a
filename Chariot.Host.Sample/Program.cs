using Chariot.Host.Sample.Cli;

namespace Chariot.Host.Sample;

/// <summary>The entry point.</summary>
internal static class Program
{
    /// <summary>Runs the command line against the real console, clock and environment.</summary>
    public static Task<int> Main(string[] args) =>
        HostCommandLine.InvokeAsync(args, HostEnvironment.FromProcess(), handleTermination: true, CancellationToken.None);

    /// <summary>Runs the command line in-process, for tests and embedding: nothing touches the real console.</summary>
    public static Task<int> RunAsync(string[] args, HostEnvironment environment, CancellationToken cancellationToken = default) =>
        HostCommandLine.InvokeAsync(args, environment, handleTermination: false, cancellationToken);
}
