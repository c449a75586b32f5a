namespace Chariot.Host.Sample.Plugins;

/// <summary>
/// The shape of a plugin package, as <c>build/ChariotPlugin.targets</c> produces it: package type
/// <c>ChariotPlugin</c>, no dependencies, and the plugin's runtime folder under <c>plugin/</c>.
/// </summary>
internal static class PluginPackageLayout
{
    /// <summary>The NuGet package type of a plugin package.</summary>
    public const string PackageType = "ChariotPlugin";

    /// <summary>The folder holding the runtime files.</summary>
    public const string Folder = "plugin/";

    /// <summary>
    /// The path under the plugin folder an entry extracts to, or null for an entry outside it.
    /// </summary>
    /// <exception cref="PluginInstallException">The entry path is absolute or climbs out of its folder (zip slip).</exception>
    public static string? RelativePluginPath(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var normalized = entry.Replace('\\', '/');
        if (ClimbsOut(entry) || normalized.Split('/').Contains("."))
        {
            throw new PluginInstallException($"The package has an entry with an unsafe path ('{entry}'): refused, nothing was installed.");
        }

        return normalized.StartsWith(Folder, StringComparison.OrdinalIgnoreCase) && normalized.Length > Folder.Length && !normalized.EndsWith('/')
            ? normalized[Folder.Length..]
            : null;
    }

    /// <summary>Whether a relative path (with <c>/</c> or <c>\</c>) is rooted, names a drive or climbs out through <c>..</c>.</summary>
    public static bool ClimbsOut(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var normalized = path.Replace('\\', '/');
        return normalized.StartsWith('/') || normalized.Contains(':', StringComparison.Ordinal) || Path.IsPathRooted(path)
            || normalized.Split('/').Contains("..");
    }
}
