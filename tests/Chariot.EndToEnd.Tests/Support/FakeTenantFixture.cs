using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Hosting;

namespace Chariot.EndToEnd.Tests.Support;

/// <summary>
/// One test class's world: a small fake Defender tenant served over real HTTPS on loopback, the Defender plugin
/// installed from its package (through the host's own <c>plugins install</c>) into a temporary plugins directory, and a
/// work directory for job files, outputs and state.
/// </summary>
public class FakeTenantFixture : IAsyncLifetime
{
    /// <summary>A second app, registered without Machine.Read.All (an admin forgot to consent it).</summary>
    public static readonly FakeApp AppWithoutMachineRead = new(
        "0c4b1f7e-2a3d-4e5f-8a9b-1c2d3e4f5a6b",
        "no~machines.secret_value_9876543210zyxwv",
        [.. FakePermissions.All.Where(p => p != FakePermissions.MachineReadAll)]);

    /// <summary>A third app, registered without ThreatHunting.Read.All (enough for everything but internet-facing devices).</summary>
    public static readonly FakeApp AppWithoutHunting = new(
        "3e1a9c5d-7b2f-4c6e-9d8a-5f4e3d2c1b0a",
        "no~hunting.secret_value_1234509876abcde",
        [.. FakePermissions.All.Where(p => p != FakePermissions.ThreatHuntingReadAll)]);

    public FakeTenantFixture()
        : this(new FakeDefenderTenantOptions { Apps = [.. new FakeDefenderTenantOptions().Apps, AppWithoutMachineRead, AppWithoutHunting] })
    {
    }

    /// <summary>A fixture serving a tenant made with <paramref name="options"/>.</summary>
    protected FakeTenantFixture(FakeDefenderTenantOptions options)
    {
        Tenant = new FakeDefenderTenant(options);
        Server = new FakeDefenderServer(Tenant);
        Http = new TokenRecordingHttpHandlerSource(Server);
    }

    public FakeDefenderTenant Tenant { get; }

    public FakeDefenderServer Server { get; }

    /// <summary>Trusts only the fake's certificate and records the tokens that crossed it.</summary>
    public TokenRecordingHttpHandlerSource Http { get; }

    public string PluginsDirectory { get; } = TempDirectory.Create("plugins");

    public string WorkDirectory { get; } = TempDirectory.Create("work");

    /// <summary>A host with this fixture's plugins directory and HTTP seam.</summary>
    internal EndToEndHost Host() => new(PluginsDirectory, WorkDirectory, Http);

    /// <summary>A job pointed at this fixture's server.</summary>
    public DefenderJob Job() => new(Server);

    /// <summary>A path in the work directory that does not exist yet.</summary>
    public string NewPath(string name) => Path.Combine(WorkDirectory, $"{Guid.NewGuid():N}-{name}");

    public virtual async Task InitializeAsync()
    {
        await Server.StartAsync();
        var install = await Host().RunAsync("plugins", "install", DefenderPackage.Path);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException("The Defender plugin package did not install: " + install);
        }
    }

    public virtual async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        TempDirectory.Delete(PluginsDirectory);
        TempDirectory.Delete(WorkDirectory);
    }
}
