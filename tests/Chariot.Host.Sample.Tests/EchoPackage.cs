using Chariot.Host.Sample.Plugins;

namespace Chariot.Host.Sample.Tests;

/// <summary>The Echo fixture's package (packed by the test project's build) and a plugins directory it is installed in.</summary>
public sealed class EchoPackage : IDisposable
{
    public EchoPackage()
    {
        PackagePath = Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "fixtures"), "Chariot.Capabilities.Echo.*.nupkg").Single();
        PluginsDirectory = TempDirectory.Create("plugins");
        new PluginInstaller(PluginsDirectory).InstallAsync(PackagePath, CancellationToken.None).GetAwaiter().GetResult();
    }

    public string PackagePath { get; }

    public string PluginsDirectory { get; }

    public void Dispose() => Directory.Delete(PluginsDirectory, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class EchoGroup : ICollectionFixture<EchoPackage>
{
    public const string Name = "echo";
}

/// <summary>Memory and unloading tests measure the whole process: nothing else may run beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialEchoGroup : ICollectionFixture<EchoPackage>
{
    public const string Name = "echo-serial";
}

public static class TempDirectory
{
    public static string Create(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "chariot-host-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
