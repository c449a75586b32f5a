using System.Runtime.CompilerServices;
using Chariot.Capabilities.Throttling;
using Chariot.EndToEnd.Tests.Support;
using Chariot.Host.Sample.Plugins;
using Chariot.Host.Sample.Tests;

namespace Chariot.EndToEnd.Tests;

/// <summary>Garbage collection is process-wide: nothing else runs beside these tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialGroup
{
    public const string Name = "serial";
}

/// <summary>The Defender plugin, with its Refit, MSAL, Polly and HttpClientFactory, leaves nothing alive once a job is over.</summary>
[Collection(SerialGroup.Name)]
public sealed class UnloadTests(FakeTenantFixture fixture) : IClassFixture<FakeTenantFixture>
{
    // What once kept the context alive, now released by the host and the plugin: Polly validates its options through
    // DataAnnotations, which leaves the plugin's types in TypeDescriptor's caches (dotnet/runtime#30656; the host's
    // TypeCacheRelease removes them), and IHttpClientFactory's handler-expiry timers (dotnet/runtime#113494; the
    // plugin's per-job clients never expire).
    [Theory]
    [InlineData("a full run")]
    [InlineData("validate")]
    [InlineData("a run whose sign-in fails")]
    [InlineData("plugins describe")]
    public async Task The_plugin_load_context_is_collected_after(string command)
    {
        var tracker = new LoadContextTracker();

        // Budgets shared across commands outlive the job: what the plugin put in them must not keep it alive.
        using var budgets = new CallBudgets(TimeProvider.System);

        var exitCode = await RunAsync(command, tracker, budgets);

        Assert.Equal(command == "a run whose sign-in fails" ? 1 : 0, exitCode);
        Assert.Equal(1, tracker.Created);
        Assert.True(await UnloadedContexts.CollectUntilAsync(tracker), $"{tracker.Alive} Defender plugin load context(s) still alive after {command}");
        if (command == "a full run")
        {
            // The plugin drew on the host's budgets (one budget per documented endpoint of the app: machines, by machine,
            // export, catalogue, a machine's CVEs, alerts, software inventory and its export, hunting), not on its own.
            Assert.Equal(9, budgets.Count);
        }
    }

    // Every reference to what the host returned stays in this frame, so none survives into the collection.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task<int> RunAsync(string command, LoadContextTracker tracker, CallBudgets budgets)
    {
        var host = new EndToEndHost(fixture.PluginsDirectory, fixture.WorkDirectory, fixture.Http) { LoadContexts = tracker, Budgets = budgets };
        var job = fixture.Job();
        if (command == "a run whose sign-in fails")
        {
            job.Secret["client_secret"] = "wrong~secret.value_for_unloading_00000";
        }

        var jobFile = job.WriteTo(fixture.WorkDirectory);
        var result = command switch
        {
            "validate" => await host.RunAsync("validate", "--job", jobFile),
            "plugins describe" => await host.RunAsync("plugins", "describe", "defender"),
            _ => await host.RunAsync("run", "--job", jobFile, "--out", fixture.NewPath("results.ndjson")),
        };
        return result.ExitCode;
    }
}
