using System.Diagnostics;

namespace Chariot.Benchmarks.Sync;

/// <summary>A benchmark tenant served by a child process (<c>serve</c>); disposing it closes its input and waits.</summary>
internal sealed class TenantProcess : IAsyncDisposable
{
    private readonly Process _process;

    private TenantProcess(Process process, Connection connection, string connectionFile)
    {
        _process = process;
        Connection = connection;
        ConnectionFile = connectionFile;
    }

    public Connection Connection { get; }

    public string ConnectionFile { get; }

    public static async Task<TenantProcess> StartAsync(string tenant, string directory, CancellationToken cancellationToken)
    {
        var connectionFile = Path.Combine(directory, $"tenant-{tenant}.json");
        var start = new ProcessStartInfo(Self.Dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[Self.Assembly, "serve", "--tenant", tenant, "--connection", connectionFile])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The tenant process did not start.");
        var line = await process.StandardOutput.ReadLineAsync(cancellationToken);
        if (line != "ready")
        {
            process.Kill();
            throw new InvalidOperationException($"The tenant process did not get ready (it said: {line}).");
        }

        return new TenantProcess(process, Connection.Read(connectionFile), connectionFile);
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

/// <summary>This benchmark as a program to start again: the dotnet host and this assembly.</summary>
internal static class Self
{
    public static string Dotnet =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? path
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet"; // run through its apphost (dotnet run)

    public static string Assembly => typeof(Self).Assembly.Location;

    /// <summary>The repository root: the folder above holding the solution.</summary>
    public static string Repository
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Capabilities.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("Run the benchmark from the repository (Capabilities.sln was not found above it).");
        }
    }

    /// <summary>The host's own output folder (the same configuration as this benchmark), with the plugins it publishes.</summary>
    public static string HostDirectory
    {
        get
        {
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            var directory = Path.Combine(Repository, "Chariot.Host.Sample", "bin", configuration, "net10.0");
            return File.Exists(Path.Combine(directory, "chariot-host.dll"))
                ? directory
                : throw new InvalidOperationException($"The host is not built in {directory}: build the benchmark project, which builds it.");
        }
    }
}
