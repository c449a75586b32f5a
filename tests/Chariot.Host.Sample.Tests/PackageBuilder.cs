using System.IO.Compression;

namespace Chariot.Host.Sample.Tests;

/// <summary>Hand-made packages for the installer's refusals: a nuspec and whatever entries a test needs.</summary>
public static class PackageBuilder
{
    public static string Nuspec(string id = "Bad.Plugin", string version = "1.0.0", string packageType = "ChariotPlugin", string dependencies = "") => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
          <metadata>
            <id>{id}</id>
            <version>{version}</version>
            <authors>tests</authors>
            <description>test package</description>
            {(packageType.Length > 0 ? $"<packageTypes><packageType name=\"{packageType}\" /></packageTypes>" : "")}
            {dependencies}
          </metadata>
        </package>
        """;

    /// <summary>
    /// Writes a package made of the Echo package's entries, changed by <paramref name="edit"/>, in a folder of its own and
    /// named as NuGet names the Echo package (the installer refuses a file named for another package).
    /// </summary>
    public static string FromEcho(string echoPackage, string directory, Action<ZipArchive> edit)
    {
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(directory, $"{Guid.NewGuid():N}")).FullName, Path.GetFileName(echoPackage));
        File.Copy(echoPackage, path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        edit(zip);
        return path;
    }

    /// <summary>Writes a package of <paramref name="nuspec"/> and <paramref name="entries"/>, named {id}.{version}.nupkg after its nuspec.</summary>
    public static string Create(string directory, string nuspec, params (string Name, byte[] Content)[] entries)
    {
        var id = System.Text.RegularExpressions.Regex.Match(nuspec, "<id>(.*?)</id>").Groups[1].Value;
        var version = System.Text.RegularExpressions.Regex.Match(nuspec, "<version>(.*?)</version>").Groups[1].Value;
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(directory, $"{Guid.NewGuid():N}")).FullName, $"{id}.{version}.nupkg");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        Write(zip, "Bad.Plugin.nuspec", System.Text.Encoding.UTF8.GetBytes(nuspec));
        foreach (var (name, content) in entries)
        {
            Write(zip, name, content);
        }

        return path;
    }

    public static void Write(ZipArchive zip, string name, byte[] content)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(content);
    }

    public static void ReplaceNuspec(ZipArchive zip, string nuspec)
    {
        zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Delete();
        Write(zip, "Chariot.Capabilities.Echo.nuspec", System.Text.Encoding.UTF8.GetBytes(nuspec));
    }
}
