using System.CommandLine;

namespace Chariot.Host.Sample.Cli;

/// <summary>Options several commands share; each command gets its own instances.</summary>
internal static class CommonOptions
{
    public static Option<string?> Plugins() => new("--plugins")
    {
        Description = "The plugins directory (default: plugins/ next to the host).",
        HelpName = "DIR",
    };

    public static Option<bool> Verbose() => new("--verbose", "-v")
    {
        Description = "Debug logs, every HTTP call (credentials masked) and stack traces, on stderr.",
    };

    public static Option<string> RequiredJob() => new("--job")
    {
        Description = "The Chariot job file (username, key, config, secret, target).",
        HelpName = "FILE",
        Required = true,
    };
}
