using NuGet.Versioning;

namespace Chariot.Host.Sample.Plugins;

/// <summary>
/// What is installed in a plugins directory laid out as <c>{plugins}/{id}/{version}/</c>. Folders whose name starts
/// with a dot (an install in progress) and folders without a plugin assembly are ignored.
/// </summary>
internal sealed class PluginCatalog
{
    /// <summary>Reads <paramref name="pluginsDirectory"/>.</summary>
    public PluginCatalog(string pluginsDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginsDirectory);
        PluginsDirectory = Path.GetFullPath(pluginsDirectory);
    }

    /// <summary>The plugins directory.</summary>
    public string PluginsDirectory { get; }

    /// <summary>Every installed version of every plugin, by id then version.</summary>
    public IReadOnlyList<InstalledPlugin> All()
    {
        if (!Directory.Exists(PluginsDirectory))
        {
            return [];
        }

        var found = new List<InstalledPlugin>();
        foreach (var idDirectory in Directory.EnumerateDirectories(PluginsDirectory).Where(IsVisible))
        {
            var id = Path.GetFileName(idDirectory);
            foreach (var versionDirectory in Directory.EnumerateDirectories(idDirectory).Where(IsVisible))
            {
                var main = PluginAssemblyInspector.FindMainAssembly(versionDirectory, id);
                if (main is not null)
                {
                    found.Add(new InstalledPlugin(id, Path.GetFileName(versionDirectory), versionDirectory, main));
                }
            }
        }

        return [.. found.OrderBy(p => p.Id, StringComparer.Ordinal).ThenBy(p => ParseVersion(p.Version))];
    }

    /// <summary>The newest version of each plugin: what jobs run.</summary>
    public IReadOnlyList<InstalledPlugin> Latest() =>
        [.. All().GroupBy(p => p.Id, StringComparer.Ordinal).Select(g => g.MaxBy(p => ParseVersion(p.Version))!)];

    private static bool IsVisible(string directory) => !Path.GetFileName(directory).StartsWith('.');

    private static NuGetVersion ParseVersion(string folder) =>
        NuGetVersion.TryParse(folder, out var version) ? version : new NuGetVersion(0, 0, 0);
}
