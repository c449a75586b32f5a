using Chariot.Host.Sample.Cli;
using Chariot.Host.Sample.Plugins;

namespace Chariot.Host.Sample.Tests;

[Collection(EchoGroup.Name)]
public sealed class PluginInstallTests(EchoPackage echo)
{
    private readonly HostHarness _host = new(echo) { PluginsDirectory = TempDirectory.Create("install") };
    private readonly string _packages = TempDirectory.Create("packages");

    [Fact]
    public async Task A_plugin_package_installs_into_its_id_and_version_folder_and_runs()
    {
        Assert.Equal(ExitCodes.Success, await _host.RunAsync("plugins", "install", echo.PackagePath));

        var folder = Path.Combine(_host.PluginsDirectory, "chariot.capabilities.echo", "1.2.0");
        Assert.True(File.Exists(Path.Combine(folder, "Chariot.Capabilities.Echo.dll")));
        Assert.True(File.Exists(Path.Combine(folder, "Chariot.Capabilities.Echo.deps.json")));
        Assert.False(File.Exists(Path.Combine(folder, "Chariot.Capabilities.Abstractions.dll")), "the contracts come from the host");
        Assert.Equal(ExitCodes.Success, await _host.RunAsync("run", "--job", _host.WriteJob()));
    }

    [Fact]
    public async Task Reinstalling_the_same_version_is_idempotent()
    {
        await _host.RunAsync("plugins", "install", echo.PackagePath);
        var before = Snapshot();

        Assert.Equal(ExitCodes.Success, await _host.RunAsync("plugins", "install", echo.PackagePath));

        Assert.Contains("already installed", _host.Out.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task A_package_is_found_by_id_in_a_folder_source()
    {
        File.Copy(echo.PackagePath, Path.Combine(_packages, Path.GetFileName(echo.PackagePath)));

        Assert.Equal(ExitCodes.Success, await _host.RunAsync("plugins", "install", "Chariot.Capabilities.Echo", "--source", _packages));
        Assert.True(Directory.Exists(Path.Combine(_host.PluginsDirectory, "chariot.capabilities.echo", "1.2.0")));
    }

    [Fact]
    public async Task A_package_is_found_by_id_in_a_folder_feed_named_in_nuget_config()
    {
        File.Copy(echo.PackagePath, Path.Combine(_packages, Path.GetFileName(echo.PackagePath)));
        var project = TempDirectory.Create("project");
        File.WriteAllText(Path.Combine(project, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="plugins" value="{_packages}" />
              </packageSources>
            </configuration>
            """);
        _host.WorkingDirectory = project;

        Assert.Equal(ExitCodes.Success, await _host.RunAsync("plugins", "install", "Chariot.Capabilities.Echo"));
        Assert.True(Directory.Exists(Path.Combine(_host.PluginsDirectory, "chariot.capabilities.echo", "1.2.0")));
        Assert.Equal(ExitCodes.Usage, await _host.RunAsync("plugins", "install", "Chariot.Capabilities.Missing"));
        Assert.Contains($"No package 'Chariot.Capabilities.Missing' in '{_packages}'", _host.Error.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "corrupt", "not a valid NuGet package" },
        { "library", "not a Chariot plugin package" },
        { "no-plugin-assembly", "no assembly" },
        { "no-deps", "deps.json" },
        { "zip-slip", "unsafe path" },
        { "absolute", "unsafe path" },
        { "dependencies", "declares package dependencies" },
        { "id-climbs-out", "is not a valid NuGet package id" },
        { "id-absolute", "is not a valid NuGet package id" },
        { "different-content", "different content" },
        { "named-for-another", "a package file is named {id}.{version}.nupkg" }, // issue 11.4: each of these installed before
        { "entries-collide-by-case", "two entries for one file" },
        { "entries-collide-by-separator", "two entries for one file" },
        { "deps-json-climbs-out", "a path outside the plugin folder" },
        { "forged-entry-size", "does not match its header" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_package_is_refused_with_a_clear_message_and_the_plugins_directory_unchanged(string kind, string message)
    {
        await _host.RunAsync("plugins", "install", echo.PackagePath);
        var before = Snapshot();

        var exitCode = await _host.RunAsync("plugins", "install", BadPackage(kind));

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains(message, _host.Error.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "chariot-host-tests", "evil.txt")));
    }

    [Fact]
    public async Task A_package_that_unpacks_past_the_size_or_file_limit_is_refused_before_anything_is_written()
    {
        var plugins = Path.Combine(TempDirectory.Create("limits"), "plugins");

        var tooBig = await Assert.ThrowsAsync<PluginInstallException>(
            () => new PluginInstaller(plugins) { MaxUnpackedBytes = 100_000 }.InstallAsync(echo.PackagePath, CancellationToken.None));
        var tooMany = await Assert.ThrowsAsync<PluginInstallException>(
            () => new PluginInstaller(plugins) { MaxFiles = 3 }.InstallAsync(echo.PackagePath, CancellationToken.None));

        Assert.Contains("more than the 0.1 MiB a plugin may take", tooBig.Message, StringComparison.Ordinal);
        Assert.Contains("more than the 3 a plugin may have", tooMany.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(plugins));
        Assert.Equal(Path.Combine(plugins, "chariot.capabilities.echo", "1.2.0"), (await new PluginInstaller(plugins).InstallAsync(echo.PackagePath, CancellationToken.None)).Directory);
    }

    [Fact]
    public async Task A_staging_folder_left_by_a_killed_install_is_removed_by_the_next()
    {
        Directory.CreateDirectory(Path.Combine(_host.PluginsDirectory, ".staging-0123456789abcdef", "plugin"));

        Assert.Equal(ExitCodes.Success, await _host.RunAsync("plugins", "install", echo.PackagePath));

        Assert.Empty(Directory.EnumerateDirectories(_host.PluginsDirectory, ".staging-*"));
    }

    [Fact]
    public async Task A_refused_first_install_does_not_leave_a_plugins_directory_behind()
    {
        _host.PluginsDirectory = Path.Combine(TempDirectory.Create("fresh"), "plugins");

        Assert.Equal(ExitCodes.Usage, await _host.RunAsync("plugins", "install", BadPackage("no-plugin-assembly")));
        Assert.False(Directory.Exists(_host.PluginsDirectory));
    }

    private string BadPackage(string kind) => kind switch
    {
        "id-climbs-out" => PackageBuilder.FromEcho(echo.PackagePath, _packages, zip => PackageBuilder.ReplaceNuspec(zip, PackageBuilder.Nuspec(id: "../escaped"))),
        "id-absolute" => PackageBuilder.FromEcho(echo.PackagePath, _packages, zip => PackageBuilder.ReplaceNuspec(zip, PackageBuilder.Nuspec(id: "/tmp/escaped"))),
        "corrupt" => Write("corrupt.nupkg", [0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]),
        "library" => PackageBuilder.Create(_packages, PackageBuilder.Nuspec(packageType: ""), ("lib/net10.0/Bad.Plugin.dll", [1, 2, 3])),
        "no-plugin-assembly" => PackageBuilder.Create(_packages, PackageBuilder.Nuspec(), ("plugin/Bad.Plugin.dll", [1, 2, 3]), ("plugin/Bad.Plugin.deps.json", "{}"u8.ToArray())),
        "no-deps" => PackageBuilder.FromEcho(echo.PackagePath, _packages, zip => zip.Entries.Single(e => e.FullName.EndsWith(".deps.json", StringComparison.Ordinal)).Delete()),
        "zip-slip" => PackageBuilder.FromEcho(echo.PackagePath, _packages, zip => PackageBuilder.Write(zip, "plugin/../../../evil.txt", [1])),
        "absolute" => PackageBuilder.FromEcho(echo.PackagePath, _packages, zip => PackageBuilder.Write(zip, "/tmp/evil.txt", [1])),
        "dependencies" => PackageBuilder.FromEcho(echo.PackagePath, _packages, zip => PackageBuilder.ReplaceNuspec(zip, PackageBuilder.Nuspec(
            "Chariot.Capabilities.Echo", "1.2.0", dependencies: "<dependencies><group targetFramework=\"net10.0\"><dependency id=\"Polly.Core\" version=\"8.0.0\" /></group></dependencies>"))),
        "different-content" => PackageBuilder.FromEcho(echo.PackagePath, _packages, zip => PackageBuilder.Write(zip, "plugin/extra.txt", [42])),
        "named-for-another" => PackageBuilder.FromEcho(echo.PackagePath, _packages, zip => PackageBuilder.ReplaceNuspec(zip, PackageBuilder.Nuspec("chariot.capabilities.defender", "99.0.0"))),
        "entries-collide-by-case" => PackageBuilder.FromEcho(echo.PackagePath, _packages, zip =>
        {
            PackageBuilder.Write(zip, "plugin/data.txt", [1]);
            PackageBuilder.Write(zip, "plugin/DATA.txt", [2]);
        }),
        "entries-collide-by-separator" => PackageBuilder.FromEcho(echo.PackagePath, _packages, zip =>
        {
            PackageBuilder.Write(zip, "plugin/sub/x.txt", [1]);
            PackageBuilder.Write(zip, "plugin\\sub\\x.txt", [2]);
        }),
        "deps-json-climbs-out" => PackageBuilder.FromEcho(echo.PackagePath, _packages, zip =>
        {
            var deps = zip.Entries.Single(e => e.FullName.EndsWith(".deps.json", StringComparison.Ordinal));
            System.Text.Json.Nodes.JsonNode json;
            using (var stream = deps.Open())
            {
                json = System.Text.Json.Nodes.JsonNode.Parse(stream)!;
            }

            var target = json["targets"]!.AsObject().First().Value!.AsObject();
            target["Evil/1.0.0"] = new System.Text.Json.Nodes.JsonObject { ["runtime"] = new System.Text.Json.Nodes.JsonObject { ["../../../../outside/Evil.dll"] = new System.Text.Json.Nodes.JsonObject() } };
            var name = deps.FullName;
            deps.Delete();
            PackageBuilder.Write(zip, name, System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));
        }),
        "forged-entry-size" => ForgedSize(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    // An entry of 100,000 bytes whose headers claim 1,000: extracted by its header, it was cut short without a word.
    private string ForgedSize()
    {
        const string Name = "plugin/big.txt";
        var path = PackageBuilder.FromEcho(echo.PackagePath, _packages, zip => PackageBuilder.Write(zip, Name, [.. Enumerable.Repeat((byte)'A', 100_000)]));
        var bytes = File.ReadAllBytes(path);
        var name = System.Text.Encoding.ASCII.GetBytes(Name);
        for (var at = bytes.AsSpan().IndexOf(name); at >= 0; at = bytes.AsSpan(at + 1).IndexOf(name) is var next and >= 0 ? at + 1 + next : -1)
        {
            // The local header's uncompressed size sits 8 bytes before the name, the central directory's 22.
            var header = bytes.AsSpan(at - 30, 4).SequenceEqual((byte[])[0x50, 0x4b, 0x03, 0x04]) ? at - 8 : at - 22;
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(header, 4), 1_000);
        }

        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_packages, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private string Snapshot() => string.Join("\n", Directory.Exists(_host.PluginsDirectory)
        ? Directory.EnumerateFileSystemEntries(_host.PluginsDirectory, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(_host.PluginsDirectory, p) + (File.Exists(p) ? ":" + new FileInfo(p).Length : ""))
            .Order(StringComparer.Ordinal)
        : []);
}
