using System.Reflection;
using Chariot.Capabilities;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chariot.Host.Sample.Plugins;

/// <summary>
/// One plugin loaded into its own collectible load context for one job. The contracts (the abstractions, DI and
/// logging abstractions) come from the host, so their types are the host's; everything else the plugin ships
/// (its Polly, Refit, MSAL...) stays private to the context. Dispose unloads the context.
/// </summary>
internal sealed class LoadedPlugin : IDisposable
{
    // Sharing an assembly also shares what it references (McMaster walks the graph). Framework assemblies (TimeProvider,
    // HttpMessageHandler) always come from the host's runtime.
    private static readonly Type[] SharedTypes =
    [
        typeof(ICapabilityPlugin),
        typeof(IServiceCollection),
        typeof(ILogger),
        typeof(ILoggerFactory),
    ];

    private PluginLoader? _loader;

    private LoadedPlugin(InstalledPlugin installed, PluginLoader loader, IReadOnlyList<ICapabilityPlugin> plugins)
    {
        Installed = installed;
        _loader = loader;
        Plugins = plugins;
    }

    /// <summary>What was loaded.</summary>
    public InstalledPlugin Installed { get; }

    /// <summary>The plugin entry points the main assembly names (usually one).</summary>
    public IReadOnlyList<ICapabilityPlugin> Plugins { get; private set; }

    /// <summary>Loads <paramref name="installed"/> in a new collectible context.</summary>
    /// <exception cref="PluginLoadException">The assembly names no usable plugin type.</exception>
    public static LoadedPlugin Load(InstalledPlugin installed, LoadContextTracker? tracker = null)
    {
        ArgumentNullException.ThrowIfNull(installed);
        var loader = PluginLoader.CreateFromAssemblyFile(installed.MainAssemblyPath, isUnloadable: true, SharedTypes, config =>
        {
            // The plugin's own dependency versions win over the host's, except for the shared contracts.
            config.PreferSharedTypes = false;
        });
        tracker?.Track(loader.LoadContext);
        try
        {
            var assembly = loader.LoadDefaultAssembly();
            return new LoadedPlugin(installed, loader, CreatePlugins(assembly, installed));
        }
        catch
        {
            loader.Dispose();
            throw;
        }
    }

    /// <summary>Drops the plugin objects and unloads the context; the GC collects it once nothing references it.</summary>
    public void Dispose()
    {
        Plugins = [];
        if (_loader is not null)
        {
            TypeCacheRelease.Release(_loader.LoadContext);
        }

        _loader?.Dispose();
        _loader = null;
    }

    private static List<ICapabilityPlugin> CreatePlugins(Assembly assembly, InstalledPlugin installed)
    {
        var attributes = assembly.GetCustomAttributes<CapabilityPluginAttribute>().ToList();
        if (attributes.Count == 0)
        {
            throw new PluginLoadException($"{installed.MainAssemblyPath} has no [assembly: CapabilityPlugin(typeof(...))] attribute.");
        }

        var plugins = new List<ICapabilityPlugin>();
        foreach (var attribute in attributes)
        {
            if (!typeof(ICapabilityPlugin).IsAssignableFrom(attribute.PluginType))
            {
                // Usually a plugin that ships its own copy of the abstractions: its ICapabilityPlugin is not the host's.
                throw new PluginLoadException(
                    $"{attribute.PluginType.FullName} in plugin '{installed.Id}' does not implement the host's ICapabilityPlugin; " +
                    "make sure the plugin folder does not carry its own Chariot.Capabilities.Abstractions.dll of another version.");
            }

            plugins.Add((ICapabilityPlugin)(Activator.CreateInstance(attribute.PluginType)
                ?? throw new PluginLoadException($"{attribute.PluginType.FullName} could not be created.")));
        }

        return plugins;
    }
}
