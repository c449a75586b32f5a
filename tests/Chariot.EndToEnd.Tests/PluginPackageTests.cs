using System.Text.Json;
using Chariot.EndToEnd.Tests.Support;

namespace Chariot.EndToEnd.Tests;

/// <summary>The packed Defender plugin installs with the host's <c>plugins install</c>, then lists and describes itself.</summary>
public sealed class PluginPackageTests : IDisposable
{
    private readonly string _plugins = TempDirectory.Create("plugins");
    private readonly string _work = TempDirectory.Create("work");

    [Fact]
    public async Task The_package_installs_into_an_empty_plugins_directory_without_the_shared_contracts()
    {
        var host = new EndToEndHost(_plugins, _work);

        var install = await host.RunAsync("plugins", "install", DefenderPackage.Path);
        var again = await host.RunAsync("plugins", "install", DefenderPackage.Path);

        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.StartsWith($"installed {DefenderPackage.PluginId} ", install.Out, StringComparison.Ordinal);
        var version = Assert.Single(Directory.GetDirectories(Path.Combine(_plugins, DefenderPackage.PluginId)));
        Assert.True(File.Exists(Path.Combine(version, "Chariot.Capabilities.Defender.dll")));
        Assert.True(File.Exists(Path.Combine(version, "Chariot.Capabilities.Defender.deps.json")));
        Assert.True(File.Exists(Path.Combine(version, "Microsoft.Identity.Client.dll")));
        Assert.False(File.Exists(Path.Combine(version, "Chariot.Capabilities.Abstractions.dll")));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("is already installed", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plugins_list_shows_the_defender_capability()
    {
        var host = await InstalledAsync();

        var list = await host.RunAsync("plugins", "list");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Matches($@"(?m)^{DefenderPackage.PluginId}\s+\S+\s+defender\s+Microsoft Defender for Endpoint\s*$", list.Out);
    }

    [Fact]
    public async Task Plugins_describe_prints_the_integration_card_with_its_credential_fields_and_both_logos()
    {
        var host = await InstalledAsync();

        var describe = await host.RunAsync("plugins", "describe", "defender");

        Assert.True(describe.ExitCode == 0, describe.ToString());
        var card = JsonDocument.Parse(describe.Out).RootElement;
        Assert.Equal("defender", card.GetProperty("id").GetString());
        Assert.Equal("Microsoft Defender for Endpoint", card.GetProperty("label").GetString());
        var fields = card.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Superset(new HashSet<string> { "tenant_id", "client_id", "client_secret" }, fields.Keys.ToHashSet());
        Assert.Equal("password", fields["client_secret"].GetProperty("type").GetString());
        Assert.True(fields["tenant_id"].GetProperty("required").GetBoolean());
        Assert.True(fields["client_id"].GetProperty("required").GetBoolean());
        foreach (var (logo, path) in new[] { ("logo", "/icons/light/defender.svg"), ("darkLogo", "/icons/dark/defender.svg") })
        {
            Assert.Equal(path, card.GetProperty(logo).GetProperty("path").GetString());
            var svg = card.GetProperty(logo).GetProperty("svg").GetString()!;
            Assert.Contains("<svg", svg, StringComparison.Ordinal);
            Assert.EndsWith("</svg>", svg.Trim(), StringComparison.Ordinal);
        }

        Assert.NotEqual(card.GetProperty("logo").GetProperty("svg").GetString(), card.GetProperty("darkLogo").GetProperty("svg").GetString());
    }

    public void Dispose()
    {
        TempDirectory.Delete(_plugins);
        TempDirectory.Delete(_work);
    }

    private async Task<EndToEndHost> InstalledAsync()
    {
        var host = new EndToEndHost(_plugins, _work);
        var install = await host.RunAsync("plugins", "install", DefenderPackage.Path);
        Assert.True(install.ExitCode == 0, install.ToString());
        return host;
    }
}
