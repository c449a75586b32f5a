using Chariot.Capabilities;
using Chariot.Capabilities.Throttling;
using Chariot.Host.Sample.Jobs;
using Chariot.Host.Sample.Plugins;

namespace Chariot.Host.Sample;

/// <summary>
/// What the host takes from the outside world: its output streams, clock, environment variables and install folder.
/// <see cref="Program.Main"/> passes the real ones; tests pass buffers, a fake clock and a dictionary.
/// </summary>
internal sealed record HostEnvironment
{
    /// <summary>Results (when no <c>--out</c>) and command answers.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Logs, progress, summaries and error messages.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Reads an environment variable.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Where relative paths and the nearest NuGet.config are looked up from.</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Where the host is installed; the default plugins directory is <c>{BaseDirectory}/plugins</c>.</summary>
    public string BaseDirectory { get; init; } = AppContext.BaseDirectory;

    /// <summary>Replaces the default HTTP seam (a system-proxy <see cref="SocketsHttpHandler"/>) for real jobs.</summary>
    public IHttpHandlerSource? HttpHandlers { get; init; }

    /// <summary>
    /// Vendor call budgets shared by every command run with this environment (a process that runs many commands);
    /// null: each command keeps its own for all its jobs.
    /// </summary>
    public CallBudgets? Budgets { get; init; }

    /// <summary>Sees every plugin load context, to prove they are collected.</summary>
    public LoadContextTracker LoadContexts { get; init; } = new();

    /// <summary>
    /// Gives the C heap's free pages back to the system while jobs run (<see cref="NativeHeap.Trim"/>); false where
    /// there is no such call.
    /// </summary>
    public Func<bool> TrimNativeHeap { get; init; } = NativeHeap.Trim;

    /// <summary>How often a running job reports progress on <see cref="Error"/>.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The process's own streams, clock and environment.</summary>
    public static HostEnvironment FromProcess() => new() { Out = Console.Out, Error = Console.Error };
}
