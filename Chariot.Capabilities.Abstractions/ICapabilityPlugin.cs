using Microsoft.Extensions.DependencyInjection;

namespace Chariot.Capabilities;

/// <summary>
/// The entry point a host discovers in a plugin assembly (named by <see cref="CapabilityPluginAttribute"/>).
/// </summary>
/// <remarks>
/// The plugin is loaded for one job. The host calls <see cref="ConfigureServices"/> on a collection that already holds
/// the job being run (a <see cref="Models.Job"/> singleton) and its seams (a <see cref="TimeProvider"/>, logging, an
/// <see cref="Checkpoints.ICheckpointStore"/>, an <see cref="IHttpHandlerSource"/>, the
/// <see cref="Throttling.CallBudgets"/> its jobs share): a plugin registers those seams with
/// <c>TryAdd</c> so the host's win. The host then builds a provider, opens a scope and calls
/// <see cref="CreateCapability"/>; it disposes the scope and the provider when the job ends.
/// </remarks>
public interface ICapabilityPlugin
{
    /// <summary>What the capability is, readable without a job (the host's <c>plugins describe</c>).</summary>
    CapabilityMetadata Metadata { get; }

    /// <summary>Registers the plugin's services into the host's collection.</summary>
    void ConfigureServices(IServiceCollection services);

    /// <summary>Creates the capability for one job from the job's scoped <paramref name="services"/>.</summary>
    ICapability CreateCapability(IServiceProvider services, JobContext context);
}
