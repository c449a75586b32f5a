using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Hosting;

namespace Chariot.Benchmarks.Sync;

/// <summary>
/// <c>serve</c>: the fake tenant in a process of its own, so its memory and CPU are not the clients'. Writes the
/// connection file once listening, and serves until its standard input closes (the benchmark ends it that way).
/// </summary>
internal static class ServeCommand
{
    public static readonly string[] Clients = ["reference", "host", "sdk"];

    public static async Task<int> RunAsync(FakeTenantSize size, string connectionFile, CancellationToken cancellationToken)
    {
        var apps = Clients.ToDictionary(
            name => name,
            name => new FakeApp(Guid.NewGuid().ToString(), $"bench~{name}.secret_{Guid.NewGuid():N}", FakePermissions.All));
        var tenant = new FakeDefenderTenant(new FakeDefenderTenantOptions
        {
            Size = size,
            Apps = [.. apps.Values],

            // As documented, with what was seen: nextLinks given, pages clamped at 1,000.
            GraphAlerts = GraphAlertsBehaviour.Documented,
        });
        await using var server = new FakeDefenderServer(tenant);
        await server.StartAsync(cancellationToken);
        var pem = Path.ChangeExtension(connectionFile, ".pem");
        await File.WriteAllTextAsync(pem, server.Certificate.ExportCertificatePem(), cancellationToken);
        new Connection(
            server.AuthorityUri,
            server.GraphUri,
            server.DefenderUri,
            pem,
            tenant.Options.TenantId,
            apps.ToDictionary(a => a.Key, a => new BenchmarkApp(a.Value.ClientId, a.Value.ClientSecret!))).Write(connectionFile);
        await Console.Out.WriteLineAsync("ready");
        await Console.Out.FlushAsync(cancellationToken);

        // Serve until the benchmark closes our standard input.
        await Console.In.ReadToEndAsync(cancellationToken);
        return 0;
    }
}
