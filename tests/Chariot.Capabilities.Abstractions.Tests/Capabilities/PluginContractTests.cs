using Chariot.Capabilities.Checkpoints;
using Chariot.Capabilities.Emission;
using Chariot.Capabilities.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Chariot.Capabilities.Tests.Capabilities;

// A host-side view of the plugin contract: the host's seams, registered first, win over the plugin's defaults.
public sealed class PluginContractTests
{
    [Fact]
    public async Task Host_substitutes_clock_http_checkpoints_and_logging_through_di()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 7, 31, 0, 0, 0, TimeSpan.Zero));
        var handler = new StubHandler();
        var http = Substitute.For<IHttpHandlerSource>();
        http.CreatePrimaryHandler("probe").Returns(handler);
        var store = new InMemoryCheckpointStore();
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton(http)
            .AddSingleton<ICheckpointStore>(store)
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        var plugin = new ProbePlugin();
        plugin.ConfigureServices(services);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await using var scope = provider.CreateAsyncScope();
        var job = new Job { Username = "u", Source = "probe", Target = new Integration("probe", "acct") };
        await store.WriteAsync(new CheckpointKey(job.CheckpointScope, "s"), "before", CancellationToken.None);
        var channel = new ResultChannel(job, Emission.TestJobs.DefaultFilter(), time);

        var capability = (ProbeCapability)plugin.CreateCapability(scope.ServiceProvider, new JobContext(job, channel.Emitter, store));

        Assert.Same(time, capability.Time);
        Assert.Equal("before", await capability.Context.Checkpoints.ReadAsync("s", CancellationToken.None));
        Assert.True(capability.Match().IsMatch);
        Assert.Equal("probe", capability.Metadata.Name);
        using var response = await capability.CallAsync(CancellationToken.None);
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public void Match_result_names_the_key_at_fault()
    {
        var result = MatchResult.InvalidConfiguration("tenant_id", "put the directory (tenant) id, a GUID");

        Assert.False(result.IsMatch);
        Assert.Equal(MatchOutcome.InvalidConfiguration, result.Outcome);
        Assert.Equal("invalid configuration 'tenant_id': put the directory (tenant) id, a GUID", result.ToString());
        Assert.Equal(MatchOutcome.NotThisCapability, MatchResult.NotThisCapability("class github").Outcome);
        Assert.Throws<ArgumentException>(() => MatchResult.InvalidConfiguration("", "x"));
    }

    [Fact]
    public void Plugin_assembly_names_its_entry_point()
    {
        var attribute = new CapabilityPluginAttribute(typeof(ProbePlugin));

        Assert.True(typeof(ICapabilityPlugin).IsAssignableFrom(attribute.PluginType));
    }

    private sealed class StubHandler : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }

    private sealed class ProbePlugin : ICapabilityPlugin
    {
        public CapabilityMetadata Metadata { get; } =
            new("probe", "Probe", "Test plugin", Surface.Internal, CapabilityMetadata.DefaultTimeoutMinutes, "static-token", null);

        public void ConfigureServices(IServiceCollection services)
        {
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton<ICheckpointStore, InMemoryCheckpointStore>();
        }

        public ICapability CreateCapability(IServiceProvider services, JobContext context) =>
            new ProbeCapability(Metadata, context, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<IHttpHandlerSource>());
    }

    private sealed class ProbeCapability(CapabilityMetadata metadata, JobContext context, TimeProvider time, IHttpHandlerSource http) : ICapability
    {
        public TimeProvider Time => time;

        public JobContext Context => context;

        public string Name => metadata.Name;

        public bool Integration => true;

        public CapabilityMetadata Metadata => metadata;

        public MatchResult Match() => context.Job.Integration?.IsClass(Name) == true
            ? MatchResult.Matched
            : MatchResult.NotThisCapability("not a probe integration");

        public async Task<HttpResponseMessage> CallAsync(CancellationToken cancellationToken)
        {
            using var client = new HttpClient(http.CreatePrimaryHandler("probe"));
            return await client.GetAsync(new Uri("https://probe.invalid/"), cancellationToken);
        }

        public Task ValidateCredentialsAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task InvokeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> CheckAffiliationAsync(Asset asset, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
