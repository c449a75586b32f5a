using Chariot.Capabilities;
using Chariot.Capabilities.Checkpoints;
using Chariot.Capabilities.Emission;
using Chariot.Capabilities.Filtering;
using Chariot.Capabilities.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chariot.Host.Sample.Jobs;

/// <summary>
/// One job bound to one plugin, as the plugin contract prescribes: a fresh service collection holding the job and the
/// host's seams, the plugin's registrations, a provider and a scope, the job's result channel and its capability.
/// Disposing it disposes the scope and the provider (and the job's filter, with the temporary files of its keys), so nothing of the plugin stays referenced by the host, and every
/// HTTP handler the job was given, so its connections close with it instead of lingering in the pool until their idle
/// timeout (with their sockets, TLS state and buffers, on both ends of a loopback sandbox) across <c>--every</c> runs.
/// </summary>
internal sealed class JobSession : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly AsyncServiceScope _scope;
    private readonly JobHttpHandlers _handlers;
    private readonly VmFilter _filter;

    private JobSession(ServiceProvider provider, AsyncServiceScope scope, JobHttpHandlers handlers, VmFilter filter, ResultChannel channel, JobContext context, ICapability capability)
    {
        _provider = provider;
        _scope = scope;
        _handlers = handlers;
        _filter = filter;
        Channel = channel;
        Context = context;
        Capability = capability;
    }

    /// <summary>The job's result channel.</summary>
    public ResultChannel Channel { get; }

    /// <summary>What the capability was given.</summary>
    public JobContext Context { get; }

    /// <summary>The capability bound to the job.</summary>
    public ICapability Capability { get; }

    /// <summary>Opens a session for <paramref name="job"/> on <paramref name="plugin"/>.</summary>
    /// <exception cref="CapabilityException">The job's filter settings are malformed (a configuration failure).</exception>
    public static JobSession Open(ICapabilityPlugin plugin, Job job, HostRuntime runtime, ICheckpointStore checkpoints)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(checkpoints);

        // Read the filter first: a malformed setting fails the job before any plugin code runs.
        var filter = new VmFilter(VmFilterOptions.FromConfig(job.Config), runtime.Loggers.CreateLogger<VmFilter>());

        var services = new ServiceCollection();
        services.AddSingleton(job);
        services.AddSingleton(runtime.Time);
        services.AddSingleton(runtime.Loggers);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(checkpoints);
        var handlers = new JobHttpHandlers(runtime.HttpHandlers);
        services.AddSingleton<IHttpHandlerSource>(handlers);
        services.AddSingleton(runtime.Budgets);
        plugin.ConfigureServices(services);

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        var scope = provider.CreateAsyncScope();
        try
        {
            var channel = new ResultChannel(job, filter, runtime.Time);
            var context = new JobContext(job, channel.Emitter, checkpoints);
            var capability = plugin.CreateCapability(scope.ServiceProvider, context);
            return new JobSession(provider, scope, handlers, filter, channel, context, capability);
        }
        catch
        {
            scope.Dispose();
            provider.Dispose();
            handlers.Dispose();
            filter.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _provider.DisposeAsync();

        // Last: the provider does not dispose the handlers its IHttpClientFactory built (dotnet/runtime#113494), and
        // with the plugin's never-expiring handlers nothing else would close their connections when the job ends.
        _handlers.Dispose();
        _filter.Dispose();
    }
}
