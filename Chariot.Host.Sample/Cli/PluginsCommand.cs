using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Chariot.Host.Sample.Jobs;
using Chariot.Host.Sample.Plugins;
using NuGet.Packaging;
using NuGet.Versioning;

namespace Chariot.Host.Sample.Cli;

/// <summary><c>plugins list | describe NAME | install FILE</c>.</summary>
internal static class PluginsCommand
{
    private static readonly JsonSerializerOptions CardJson = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static Command Create(HostEnvironment environment)
    {
        var command = new Command("plugins", "List, describe and install plugins.");
        command.Subcommands.Add(List(environment));
        command.Subcommands.Add(Describe(environment));
        command.Subcommands.Add(Install(environment));
        return command;
    }

    private static Command List(HostEnvironment environment)
    {
        var plugins = CommonOptions.Plugins();
        var command = new Command("list", "Show the installed plugins: id, version, capability, title.") { plugins };
        command.SetAction(parse =>
        {
            using var runtime = new HostRuntime(environment, parse.GetValue(plugins), verbose: false);
            var installed = runtime.Catalog.All();
            if (installed.Count == 0)
            {
                runtime.Error.WriteLine($"no plugins installed in {runtime.Catalog.PluginsDirectory}");
                return ExitCodes.Success;
            }

            runtime.Out.WriteLine($"{"id",-40} {"version",-12} {"capability",-16} title");
            foreach (var plugin in installed)
            {
                foreach (var (name, title) in Describe(plugin, runtime))
                {
                    runtime.Out.WriteLine($"{plugin.Id,-40} {plugin.Version,-12} {name,-16} {title}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Describe(HostEnvironment environment)
    {
        var name = new Argument<string>("NAME") { Description = "A capability name (for example defender) or a plugin id." };
        var plugins = CommonOptions.Plugins();
        var command = new Command("describe", "Print a plugin's integration card as JSON.") { name, plugins };
        command.SetAction(parse =>
        {
            using var runtime = new HostRuntime(environment, parse.GetValue(plugins), verbose: false);
            var wanted = parse.GetValue(name)!;
            foreach (var installed in runtime.Catalog.Latest())
            {
                using var loaded = LoadedPlugin.Load(installed, environment.LoadContexts);
                var plugin = loaded.Plugins.FirstOrDefault(p =>
                    string.Equals(p.Metadata.Name, wanted, StringComparison.OrdinalIgnoreCase) || string.Equals(installed.Id, wanted, StringComparison.OrdinalIgnoreCase));
                if (plugin is null)
                {
                    continue;
                }

                if (plugin.Metadata.Card is null)
                {
                    runtime.ReportError($"'{wanted}' is not an integration: it has no card.");
                    return ExitCodes.Usage;
                }

                runtime.Out.WriteLine(JsonSerializer.Serialize(plugin.Metadata.Card, CardJson));
                return ExitCodes.Success;
            }

            runtime.ReportError($"No installed plugin is named '{wanted}'; 'plugins list' shows what is installed.");
            return ExitCodes.Usage;
        });
        return command;
    }

    private static Command Install(HostEnvironment environment)
    {
        var package = new Argument<string>("PACKAGE") { Description = "A .nupkg file, or a package id to find in --source or in the folder feeds of NuGet.config." };
        var source = new Option<string?>("--source") { Description = "A folder of .nupkg files to find PACKAGE in (default: the local folder feeds of the nearest NuGet.config).", HelpName = "DIR" };
        var plugins = CommonOptions.Plugins();
        var command = new Command("install", "Verify a plugin package and install it into plugins/{id}/{version}/.") { package, source, plugins };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var runtime = new HostRuntime(environment, parse.GetValue(plugins), verbose: false);
            try
            {
                var file = ResolvePackage(parse.GetValue(package)!, parse.GetValue(source), environment.WorkingDirectory);
                var result = await new PluginInstaller(runtime.Catalog.PluginsDirectory).InstallAsync(file, cancellationToken);
                runtime.Out.WriteLine(result.AlreadyInstalled
                    ? $"{result.Id} {result.Version} is already installed in {result.Directory}"
                    : $"installed {result.Id} {result.Version} into {result.Directory}");
                return ExitCodes.Success;
            }
            catch (PluginInstallException e)
            {
                runtime.ReportError(e.Message);
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    private static string ResolvePackage(string package, string? source, string workingDirectory)
    {
        var path = Path.GetFullPath(package, workingDirectory);
        if (File.Exists(path) || package.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase))
        {
            return path;
        }

        if (source is not null && !Directory.Exists(Path.GetFullPath(source, workingDirectory)))
        {
            throw new PluginInstallException($"The package source '{source}' is not a folder.");
        }

        var feeds = source is not null ? [Path.GetFullPath(source, workingDirectory)] : FolderFeeds(workingDirectory);
        if (feeds.Count == 0)
        {
            throw new PluginInstallException($"'{package}' is not a file, and no folder feed is named: give --source DIR or add a local folder to the packageSources of NuGet.config.");
        }

        // The newest <id>.<version>.nupkg whose nuspec id is the one asked for, across the feeds.
        var newest = feeds.Where(Directory.Exists)
            .SelectMany(feed => Directory.EnumerateFiles(feed, "*.nupkg"))
            .Select(file => (Path: file, Identity: TryReadIdentity(file)))
            .Where(p => p.Identity is { } identity && string.Equals(identity.Id, package, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(p => p.Identity!.Value.Version)
            .Select(p => p.Path)
            .FirstOrDefault();
        return newest ?? throw new PluginInstallException($"No package '{package}' in {string.Join(", ", feeds.Select(f => $"'{f}'"))}.");
    }

    // The enabled package sources of the nearest NuGet.config (and the user's) that are local folders.
    private static List<string> FolderFeeds(string workingDirectory) =>
        new NuGet.Configuration.PackageSourceProvider(NuGet.Configuration.Settings.LoadDefaultSettings(workingDirectory))
            .LoadPackageSources()
            .Where(s => s.IsEnabled && s.IsLocal)
            .Select(s => s.Source)
            .ToList();

    private static (string Id, NuGetVersion Version)? TryReadIdentity(string path)
    {
        try
        {
            using var reader = new PackageArchiveReader(path);
            return (reader.NuspecReader.GetId(), reader.NuspecReader.GetVersion());
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Xml.XmlException or NuGet.Packaging.Core.PackagingException)
        {
            return null;
        }
    }

    private static List<(string Name, string Title)> Describe(InstalledPlugin installed, HostRuntime runtime)
    {
        try
        {
            using var loaded = LoadedPlugin.Load(installed, runtime.Environment.LoadContexts);
            return [.. loaded.Plugins.Select(p => (p.Metadata.Name, p.Metadata.Title))];
        }
        catch (Exception e) when (e is PluginLoadException or FileNotFoundException or FileLoadException or BadImageFormatException or TypeLoadException)
        {
            return [("?", $"(cannot be loaded: {e.Message})")];
        }
    }
}
