using System.Net;
using Chariot.Capabilities.Defender.Devices;
using Chariot.Capabilities.Defender.Http;
using Chariot.Capabilities.Defender.Sync;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Chariot.Capabilities.Defender.Tests.Fuzz;

/// <summary>
/// The device stream, wired as a host wires it (real emitter and filter), fed mutated machines pages: it never fails
/// on a bad record, and its summary adds up, received = emitted + filtered + skipped, each skip logged.
/// </summary>
public sealed class DeviceStreamFuzzTests
{
    private const int Mutations = 120;

    [Fact]
    public async Task The_device_stream_adds_up_whatever_the_machines_page_holds()
    {
        var target = FuzzTargets.Machines();
        var failures = new List<string>();
        for (var seed = 500_000; seed < 500_000 + Mutations; seed++)
        {
            var page = PageMutator.Mutate(target.Page, seed);
            if (await Run(page) is { } problem)
            {
                failures.Add($"{page.Description} -> {problem}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {Mutations} mutations failed:\n" + string.Join("\n", failures.Take(15)));
    }

    private static async Task<string?> Run(MutatedPage page)
    {
        var harness = DefenderHarness.Documented();
        var served = new ServedMachines(harness.Tenant, page.Body);
        harness.ConfigureServices = services => services.AddSingleton<IHttpHandlerSource>(served);
        var result = await harness.RunWithServicesAsync((services, context, _, ct) =>
            services.GetRequiredService<DeviceSync>().RunAsync(context, new DeviceDirectory(), emit: true, ct));
        var devices = result.Context.Summary.Stream(SyncTally.Devices);
        if (result.Failure is { } failure)
        {
            return page.PageLevel && failure is CapabilityException && failure.Message.StartsWith("The machines listing", StringComparison.Ordinal)
                ? null
                : $"{failure.GetType().Name}: {failure.Message}";
        }

        var logged = harness.Logs.GetSnapshot().Count(l => l.Message.StartsWith("Skipped a", StringComparison.Ordinal));
        return devices.Received != devices.Emitted + devices.Filtered + devices.Skipped
            ? $"received {devices.Received} != emitted {devices.Emitted} + filtered {devices.Filtered} + skipped {devices.Skipped}"
            : logged != devices.Skipped ? $"{devices.Skipped} skipped, {logged} logged"
            : !page.PageLevel && devices.Received != FuzzTarget<object>.Records ? $"received {devices.Received}"
            : !page.PageLevel && devices.Emitted + devices.Filtered < FuzzTarget<object>.Records - 1 ? $"only {devices.Emitted + devices.Filtered} devices sent"
            : null;
    }

    /// <summary>The fake tenant, but for the machines listing, which answers the mutated page.</summary>
    private sealed class ServedMachines(FakeDefenderTenant tenant, byte[] body) : IHttpHandlerSource
    {
        public HttpMessageHandler CreatePrimaryHandler(string clientName) => new Machines(body) { InnerHandler = tenant.CreateHandler() };

        private sealed class Machines(byte[] body) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                request.RequestUri!.AbsolutePath == "/api/machines"
                    ? Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) })
                    : base.SendAsync(request, cancellationToken);
        }
    }
}
