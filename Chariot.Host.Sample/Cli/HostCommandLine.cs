using System.CommandLine;

namespace Chariot.Host.Sample.Cli;

/// <summary>The command line: a contract (tools outside the project depend on these exact forms).</summary>
internal static class HostCommandLine
{
    /// <summary>Builds the root command bound to <paramref name="environment"/>.</summary>
    public static RootCommand Create(HostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var root = new RootCommand("The sample Chariot job runner: loads a plugin per job, runs it, writes NDJSON results.");
        root.Subcommands.Add(RunCommand.Create(environment));
        root.Subcommands.Add(CheckCommands.Validate(environment));
        root.Subcommands.Add(CheckCommands.Affiliation(environment));
        root.Subcommands.Add(PluginsCommand.Create(environment));
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; parse errors exit with <see cref="ExitCodes.Usage"/>.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="environment">The outside world.</param>
    /// <param name="handleTermination">Whether Ctrl+C and SIGTERM cancel the command (the real process only).</param>
    /// <param name="cancellationToken">Stops the command.</param>
    public static async Task<int> InvokeAsync(string[] args, HostEnvironment environment, bool handleTermination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var parse = Create(environment).Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line, as for every usage error: the first problem (fixing it may fix the others), and how many more. A
            // word the parser did not know comes first: "no command given" is only what follows from a misspelt one.
            var first = parse.Errors.FirstOrDefault(e => parse.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))) ?? parse.Errors[0];
            var more = parse.Errors.Count > 1 ? $" ({parse.Errors.Count - 1} more problem{(parse.Errors.Count > 2 ? "s" : "")} after it)" : "";
            await environment.Error.WriteLineAsync($"error: {first.Message.TrimEnd('.')}{more}. Run with --help for usage.");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            EnableDefaultExceptionHandler = false,

            // Ctrl+C cancels the token the command got; the command then ends its run cleanly within this time.
            ProcessTerminationTimeout = handleTermination ? TimeSpan.FromSeconds(30) : null,
        };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            // Nothing escapes as a raw stack trace: one masked line, and an exit code a caller can act on (a path that
            // cannot be read or written is the caller's to fix; anything else is a failure).
            var message = new Logging.SecretRedactor().Redact(e.Message);
            await environment.Error.WriteLineAsync($"error: {message}");
            return e is IOException or UnauthorizedAccessException ? ExitCodes.Usage : ExitCodes.CapabilityFailed;
        }
    }
}
