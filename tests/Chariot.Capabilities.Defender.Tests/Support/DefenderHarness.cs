using Chariot.Capabilities.Checkpoints;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Emission;
using Chariot.Capabilities.Filtering;
using Chariot.Capabilities.Models;
using Chariot.Capabilities.Throttling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Chariot.Capabilities.Defender.Tests.Support;

/// <summary>Runs the real plugin, wired as a host wires it, against an in-process fake tenant on a fake clock.</summary>
internal sealed class DefenderHarness
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    public DefenderHarness(Func<TimeProvider, FakeDefenderTenantOptions>? options = null)
    {
        Time = new DrivenClock(Start);
        Tenant = new FakeDefenderTenant(options?.Invoke(Time) ?? new FakeDefenderTenantOptions { TimeProvider = Time });
    }

    private DefenderHarness(FakeDefenderTenant tenant, DrivenClock time)
    {
        Time = time;
        Tenant = tenant;
    }

    public DrivenClock Time { get; }

    public FakeDefenderTenant Tenant { get; }

    public InMemoryCheckpointStore Checkpoints { get; } = new();

    public FakeLogCollector Logs { get; } = new();

    public Dictionary<string, string> Config { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Secret { get; } = new(StringComparer.Ordinal)
    {
        [DefenderKeys.TenantId] = "b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c",
        [DefenderKeys.ClientId] = FakeDefenderTenantOptions.DefaultClientId,
        [DefenderKeys.ClientSecret] = FakeDefenderTenantOptions.DefaultClientSecret,
    };

    /// <summary>A generated tenant of 25 devices, no alerts, 200 vulnerability rows and 20 CVEs: small enough to follow row by row.</summary>
    public static DefenderHarness SmallVulnerable() => new(time => new FakeDefenderTenantOptions
    {
        TimeProvider = time,
        Size = new FakeTenantSize(Devices: 25, Alerts: 0, VulnerabilityRows: 200, CveCatalogue: 20),
    });

    public static DefenderHarness Documented()
    {
        // Microsoft's examples are years old (the machine was last seen in 2018): every device is kept, or none would be.
        var time = new DrivenClock(Start);
        var harness = new DefenderHarness(FakeDefenderTenant.FromDocumentedExamples(new FakeDefenderTenantOptions { TimeProvider = time }), time);
        harness.Config[DefenderKeys.StaleDays] = "0";
        return harness;
    }

    public Job Job() => new()
    {
        Username = "analyst@example.com",
        Source = DefenderPlugin.Name,
        Config = new Dictionary<string, string>(Config),
        Secret = new JobSecret(Secret),
        Target = new Integration(DefenderPlugin.Name, "contoso.onmicrosoft.com"),
        Full = Full,
    };

    /// <summary>The alert checkpoint the runs saved.</summary>
    public Alerts.AlertCheckpoint SavedAlertCheckpoint() =>
        Alerts.AlertCheckpoint.FromJson(Assert.Single(Checkpoints.Values, c => c.Key.Stream == Alerts.AlertCheckpoint.Stream).Value)!;

    /// <summary>Whether the jobs ask for a full run (Chariot's <c>full</c> flag).</summary>
    public bool Full { get; set; }

    /// <summary>Registrations made before the plugin's own (which use TryAdd), to change its defaults.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>The call budgets a host shares across jobs; when null each run keeps its own, as a plugin alone does.</summary>
    public CallBudgets? SharedBudgets { get; set; }

    /// <summary>The job's services, registered as a host registers them, then by the plugin.</summary>
    public ServiceProvider BuildProvider(Job job)
    {
        var services = new ServiceCollection()
            .AddSingleton(job)
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<ICheckpointStore>(Checkpoints)
            .AddSingleton<IHttpHandlerSource>(new TenantHandlers(Tenant, TokensSent))
            .AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(Logs)).SetMinimumLevel(LogLevel.Debug));
        if (SharedBudgets is { } budgets)
        {
            services.AddSingleton(budgets);
        }

        ConfigureServices?.Invoke(services);
        new DefenderPlugin().ConfigureServices(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Builds the job's services and capability, as the host does, and runs <paramref name="use"/> with them.</summary>
    public Task<RunResult> RunAsync(Func<ICapability, CancellationToken, Task> use, Action<ChariotModel>? written = null, CancellationToken cancellationToken = default) =>
        RunWithServicesAsync((_, _, capability, ct) => use(capability, ct), written, cancellationToken);

    /// <summary>As <see cref="RunAsync"/>, giving <paramref name="use"/> the job's services and context too (to drive one part of the plugin).</summary>
    public async Task<RunResult> RunWithServicesAsync(Func<IServiceProvider, JobContext, ICapability, CancellationToken, Task> use, Action<ChariotModel>? written = null, CancellationToken cancellationToken = default)
    {
        var job = Job();
        var plugin = new DefenderPlugin();
        await using var provider = BuildProvider(job);
        await using var scope = provider.CreateAsyncScope();
        using var filter = new VmFilter(VmFilterOptions.FromConfig(job.Config), provider.GetRequiredService<ILogger<VmFilter>>());
        var channel = new ResultChannel(job, filter, Time);
        var context = new JobContext(job, channel.Emitter, Checkpoints);
        var capability = plugin.CreateCapability(scope.ServiceProvider, context);
        var models = new List<ChariotModel>();
        Exception? failure = null;
        try
        {
            await ResultPump.RunAsync(
                channel,
                ct => use(scope.ServiceProvider, context, capability, ct),
                (model, _) =>
                {
                    models.Add(model);
                    written?.Invoke(model);
                    return ValueTask.CompletedTask;
                },
                Checkpoints,
                cancellationToken);
        }
        catch (Exception e)
        {
            failure = e;
        }

        return new RunResult(models, context, failure);
    }

    /// <summary>Runs <paramref name="work"/> (a run of the plugin) on the harness's clock, which moves whenever the run waits on it.</summary>
    public Task<T> DriveAsync<T>(Func<Task<T>> work) => Time.DriveAsync(work);

    public Task<RunResult> InvokeAsync(Action<ChariotModel>? written = null, CancellationToken cancellationToken = default) =>
        RunAsync((capability, ct) => capability.InvokeAsync(ct), written, cancellationToken);

    /// <summary>Every bearer token the plugin sent, seen on the wire (for secret-hygiene checks).</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> TokensSent { get; } = [];

    private sealed class TenantHandlers(FakeDefenderTenant tenant, System.Collections.Concurrent.ConcurrentBag<string> tokens) : IHttpHandlerSource
    {
        public HttpMessageHandler CreatePrimaryHandler(string clientName) => new TokenRecorder(tokens) { InnerHandler = tenant.CreateHandler() };
    }

    private sealed class TokenRecorder(System.Collections.Concurrent.ConcurrentBag<string> tokens) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.Authorization?.Parameter is { } token)
            {
                tokens.Add(token);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>What a run sent, its summary, and how it ended.</summary>
internal sealed record RunResult(IReadOnlyList<ChariotModel> Models, JobContext Context, Exception? Failure)
{
    public IEnumerable<Asset> Assets => Models.OfType<Asset>();

    public IEnumerable<Risk> Risks => Models.OfType<Risk>();

    public IEnumerable<ChariotAttribute> Attributes => Models.OfType<ChariotAttribute>();

    public IEnumerable<ChariotFile> Files => Models.OfType<ChariotFile>();

    /// <summary>The alert ids sent, one per alert version handled (each alert's <c>defenderAlertId</c> attribute).</summary>
    public List<string> AlertIds => [.. Attributes.Where(a => a.Name == "defenderAlertId").Select(a => a.Value)];

    public RunResult Succeeded()
    {
        Assert.Null(Failure);
        return this;
    }
}
