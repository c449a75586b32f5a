using System.IO.Compression;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text.Json;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Versioning;

namespace Chariot.Host.Sample.Plugins;

/// <summary>What an install did.</summary>
/// <param name="Id">The package id, lower-case.</param>
/// <param name="Version">The normalized version.</param>
/// <param name="Directory">Where the plugin now is.</param>
/// <param name="AlreadyInstalled">True when the same version with the same content was already there.</param>
internal sealed record PluginInstallResult(string Id, string Version, string Directory, bool AlreadyInstalled);

/// <summary>
/// Installs a plugin package into <c>{plugins}/{id}/{version}/</c>. Everything is checked before anything is written;
/// files are extracted into a hidden staging folder inside the plugins directory, checked again, then renamed into
/// place in one step, so a refused or failed install leaves the plugins directory as it was.
/// </summary>
internal sealed class PluginInstaller
{
    private readonly string _pluginsDirectory;

    /// <summary>Installs into <paramref name="pluginsDirectory"/>.</summary>
    public PluginInstaller(string pluginsDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginsDirectory);
        _pluginsDirectory = Path.GetFullPath(pluginsDirectory);
    }

    /// <summary>The most a plugin may unpack to (default 512 MiB): a package past it (a zip bomb) is refused.</summary>
    public long MaxUnpackedBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>The most files a plugin may unpack to (default 10,000).</summary>
    public int MaxFiles { get; init; } = 10_000;

    /// <summary>Installs the package at <paramref name="packagePath"/>.</summary>
    /// <exception cref="PluginInstallException">The package is missing, corrupt, not a plugin, unsafe, or conflicts with an installed one.</exception>
    public async Task<PluginInstallResult> InstallAsync(string packagePath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(packagePath);
        if (!File.Exists(packagePath))
        {
            throw new PluginInstallException($"No package at '{packagePath}'.");
        }

        var package = await Task.Run(() => ReadPackage(packagePath), cancellationToken);
        CheckSize(package);
        var target = Path.GetFullPath(Path.Combine(_pluginsDirectory, package.Id, package.Version));
        if (!target.StartsWith(Path.GetFullPath(_pluginsDirectory) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new PluginInstallException($"Package {package.Id} {package.Version} would install outside '{_pluginsDirectory}'.");
        }

        var createdPluginsDirectory = !Directory.Exists(_pluginsDirectory);
        RemoveStaleStaging();
        var staging = Path.Combine(_pluginsDirectory, $".staging-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(staging);
            await ExtractAsync(packagePath, package, staging, cancellationToken);
            if (PluginAssemblyInspector.FindMainAssembly(staging, package.Id) is null)
            {
                throw new PluginInstallException(
                    $"Package {package.Id} {package.Version} is not a Chariot plugin: no assembly under '{PluginPackageLayout.Folder}' carries [assembly: CapabilityPlugin(...)].");
            }

            if (Directory.Exists(target))
            {
                return SameContent(staging, target)
                    ? new PluginInstallResult(package.Id, package.Version, target, AlreadyInstalled: true)
                    : throw new PluginInstallException(
                        $"{package.Id} {package.Version} is already installed with different content in '{target}': remove that folder or publish a new version.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Directory.Move(staging, target);
            return new PluginInstallResult(package.Id, package.Version, target, AlreadyInstalled: false);
        }
        catch
        {
            if (createdPluginsDirectory && Directory.Exists(_pluginsDirectory) && !Directory.EnumerateFileSystemEntries(_pluginsDirectory).Any(e => e != staging))
            {
                Directory.Delete(_pluginsDirectory, recursive: true);
            }

            throw;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    // A staging folder left by an install that was killed midway is never anyone's: remove it before staging again.
    private void RemoveStaleStaging()
    {
        if (!Directory.Exists(_pluginsDirectory))
        {
            return;
        }

        foreach (var stale in Directory.EnumerateDirectories(_pluginsDirectory, ".staging-*"))
        {
            try
            {
                Directory.Delete(stale, recursive: true);
            }
            catch (IOException)
            {
                // Another install may be using it right now: it removes its own folder when it ends.
            }
        }
    }

    private static PackageContents ReadPackage(string packagePath)
    {
        try
        {
            using var reader = new PackageArchiveReader(packagePath);
            var nuspec = reader.NuspecReader;
            var id = nuspec.GetId();
            var version = nuspec.GetVersion();
            if (string.IsNullOrWhiteSpace(id) || version is null)
            {
                throw new PluginInstallException($"'{packagePath}' has no package id or version in its .nuspec.");
            }

            // The id names a folder: only a valid NuGet id (letters, digits, '.', '_', '-') may, never a path.
            if (!NuGet.Packaging.PackageIdValidator.IsValidPackageId(id))
            {
                throw new PluginInstallException($"'{packagePath}' has the package id '{id}', which is not a valid NuGet package id.");
            }

            // NuGet names a package {id}.{version}.nupkg: a file named as one package that holds another could pass for it
            // (and, with a higher version, replace the plugin jobs run).
            var fileName = Path.GetFileName(packagePath);
            string[] names = [$"{id}.{version.ToNormalizedString()}.nupkg", $"{id}.{version.OriginalVersion}.nupkg"];
            if (!names.Any(name => string.Equals(name, fileName, StringComparison.OrdinalIgnoreCase)))
            {
                throw new PluginInstallException(
                    $"'{fileName}' holds {id} {version} (its .nuspec says so), but a package file is named {{id}}.{{version}}.nupkg: refused, " +
                    $"so that no file passes for another plugin. If it is {id} {version}, name it '{names[0]}'.");
            }

            if (!nuspec.GetPackageTypes().Any(t => string.Equals(t.Name, PluginPackageLayout.PackageType, StringComparison.OrdinalIgnoreCase)))
            {
                throw new PluginInstallException(
                    $"{id} {version} is not a Chariot plugin package (its package type is not '{PluginPackageLayout.PackageType}'): " +
                    "a plugin is packed by a project that imports build/ChariotPlugin.targets.");
            }

            var dependencies = nuspec.GetDependencyGroups().SelectMany(g => g.Packages).Select(p => p.Id).ToList();
            if (dependencies.Count > 0)
            {
                throw new PluginInstallException(
                    $"{id} {version} declares package dependencies ({string.Join(", ", dependencies)}): a plugin package carries its whole runtime folder and depends on nothing.");
            }

            // Entry names are read raw from the zip (NuGet percent-escapes some characters), checked both ways.
            var entries = new List<(string Entry, string Relative)>();
            var byFile = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            long declared = 0;
            using (var zip = ZipFile.OpenRead(packagePath))
            {
                foreach (var entry in zip.Entries)
                {
                    _ = PluginPackageLayout.RelativePluginPath(entry.FullName);
                    if (PluginPackageLayout.RelativePluginPath(Uri.UnescapeDataString(entry.FullName)) is { } relative)
                    {
                        // Two entries for one file (by letter case, or by '\' and '/') would leave whichever came last.
                        if (!byFile.TryAdd(relative, entry.FullName))
                        {
                            throw new PluginInstallException(
                                $"{id} {version} has two entries for one file ('{byFile[relative]}' and '{entry.FullName}'): refused, nothing was installed.");
                        }

                        entries.Add((entry.FullName, relative));
                        declared += entry.Length;
                    }
                }

                var deps = entries.FirstOrDefault(e => e.Relative.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase) && !e.Relative.Contains('/', StringComparison.Ordinal));
                if (deps.Entry is null)
                {
                    throw new PluginInstallException(
                        $"{id} {version} is not a Chariot plugin package: it has no '{PluginPackageLayout.Folder}*.deps.json' (the plugin's publish output).");
                }

                CheckDependencyPaths(zip.GetEntry(deps.Entry)!, $"{id} {version}");
            }

            return new PackageContents(id.ToLowerInvariant(), version.ToNormalizedString().ToLowerInvariant(), entries, declared);
        }
        catch (Exception e) when (e is InvalidDataException or PackagingException or System.Xml.XmlException or ArgumentException or IOException)
        {
            throw new PluginInstallException($"'{packagePath}' is not a valid NuGet package ({e.Message}): nothing was installed.", e);
        }
    }

    // The plugin's load context resolves assemblies by the paths in its deps.json: one that climbs out of the plugin folder
    // (or is rooted) would load a file from elsewhere on the machine.
    private static void CheckDependencyPaths(ZipArchiveEntry deps, string package)
    {
        if (deps.Length > MaxDepsJsonBytes)
        {
            throw new PluginInstallException($"{package}'s {deps.Name} is larger than {Megabytes(MaxDepsJsonBytes)}: refused, nothing was installed.");
        }

        using var stream = deps.Open();
        using var document = JsonDocument.Parse(stream);
        var paths = new List<string>();
        if (document.RootElement.TryGetProperty("targets", out var targets) && targets.ValueKind == JsonValueKind.Object)
        {
            foreach (var library in targets.EnumerateObject().Where(t => t.Value.ValueKind == JsonValueKind.Object).SelectMany(t => t.Value.EnumerateObject()))
            {
                foreach (var kind in (string[])["runtime", "native", "resources", "runtimeTargets", "compile"])
                {
                    if (library.Value.ValueKind == JsonValueKind.Object && library.Value.TryGetProperty(kind, out var assets) && assets.ValueKind == JsonValueKind.Object)
                    {
                        paths.AddRange(assets.EnumerateObject().Select(asset => asset.Name));
                    }
                }
            }
        }

        if (document.RootElement.TryGetProperty("libraries", out var libraries) && libraries.ValueKind == JsonValueKind.Object)
        {
            paths.AddRange(libraries.EnumerateObject()
                .Where(l => l.Value.ValueKind == JsonValueKind.Object && l.Value.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String)
                .Select(l => l.Value.GetProperty("path").GetString()!));
        }

        if (paths.FirstOrDefault(PluginPackageLayout.ClimbsOut) is { } unsafePath)
        {
            throw new PluginInstallException(
                $"{package}'s {deps.Name} names '{unsafePath}', a path outside the plugin folder: refused, nothing was installed.");
        }
    }

    private void CheckSize(PackageContents package)
    {
        if (package.Entries.Count > MaxFiles)
        {
            throw new PluginInstallException(
                $"{package.Id} {package.Version} has {package.Entries.Count:N0} files, more than the {MaxFiles:N0} a plugin may have: refused, nothing was installed.");
        }

        if (package.DeclaredBytes > MaxUnpackedBytes)
        {
            throw new PluginInstallException(
                $"{package.Id} {package.Version} unpacks to {Megabytes(package.DeclaredBytes)}, more than the {Megabytes(MaxUnpackedBytes)} a plugin may take: refused, nothing was installed.");
        }
    }

    private async Task ExtractAsync(string packagePath, PackageContents package, string staging, CancellationToken cancellationToken)
    {
        var root = staging + Path.DirectorySeparatorChar;
        var buffer = new byte[81920];
        long written = 0;
        try
        {
            using var zip = ZipFile.OpenRead(packagePath);
            var byName = zip.Entries.ToDictionary(e => e.FullName, StringComparer.Ordinal);
            foreach (var (entry, relative) in package.Entries)
            {
                var destination = Path.GetFullPath(Path.Combine(staging, relative));
                if (!destination.StartsWith(root, StringComparison.Ordinal))
                {
                    throw new PluginInstallException($"The package entry '{entry}' would extract outside the plugin folder: refused, nothing was installed.");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                var zipEntry = byName[entry];
                await using var source = zipEntry.Open();
                await using var file = File.Create(destination);

                // Counted as it unpacks: an entry's declared size is the packer's word, not a bound.
                var crc = new Crc32();
                long entryBytes = 0;
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    written += read;
                    entryBytes += read;
                    if (written > MaxUnpackedBytes)
                    {
                        throw new PluginInstallException(
                            $"{package.Id} {package.Version} unpacks to more than the {Megabytes(MaxUnpackedBytes)} a plugin may take (more than its entries declare): refused, nothing was installed.");
                    }

                    crc.Append(buffer.AsSpan(0, read));
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                // What came out must be what the entry's header says: a forged size would leave a file cut short.
                if (entryBytes != zipEntry.Length || crc.GetCurrentHashAsUInt32() != zipEntry.Crc32)
                {
                    throw new PluginInstallException(
                        $"The package entry '{entry}' does not match its header (size or checksum): the package is damaged or forged; refused, nothing was installed.");
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or KeyNotFoundException or ArgumentException)
        {
            throw new PluginInstallException($"'{packagePath}' is damaged ({e.Message}): nothing was installed.", e);
        }
    }

    private const long MaxDepsJsonBytes = 16 * 1024 * 1024;

    private static string Megabytes(long bytes) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MiB");

    private static bool SameContent(string left, string right)
    {
        static Dictionary<string, string> Hashes(string root) => Directory
            .EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);

        var a = Hashes(left);
        var b = Hashes(right);
        return a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var hash) && hash == kv.Value);
    }

    private sealed record PackageContents(string Id, string Version, IReadOnlyList<(string Entry, string Relative)> Entries, long DeclaredBytes);
}
