namespace Chariot.EndToEnd.Tests.Support;

/// <summary>The real Defender plugin's package, as this project's build packed it (see the csproj).</summary>
public static class DefenderPackage
{
    public const string PluginId = "chariot.capabilities.defender";

    public static string Path
    {
        get
        {
            var folder = System.IO.Path.Combine(AppContext.BaseDirectory, "packages");
            var packages = Directory.Exists(folder) ? Directory.GetFiles(folder, "Chariot.Capabilities.Defender.*.nupkg") : [];
            return packages.Length == 1
                ? packages[0]
                : throw new InvalidOperationException($"Expected one Defender plugin package in {folder}, found {packages.Length}: build the test project, which packs it.");
        }
    }
}
