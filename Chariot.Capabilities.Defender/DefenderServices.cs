using Chariot.Capabilities.Defender.Alerts;
using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Authentication;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Devices;
using Chariot.Capabilities.Defender.Http;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Defender.Sync;
using Chariot.Capabilities.Defender.Vulnerabilities;
using Chariot.Capabilities.Models;
using Chariot.Capabilities.Throttling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Refit;

namespace Chariot.Capabilities.Defender;

/// <summary>
/// The plugin's services for one job. The host's seams (clock, logging, HTTP handler) win: they are registered before
/// this runs, and everything here that has a default uses TryAdd.
/// </summary>
internal static class DefenderServices
{
    /// <summary>Registers the plugin. The collection must hold the job (a <see cref="Job"/> singleton) before it resolves.</summary>
    public static IServiceCollection Add(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.TryAddSingleton(sp => new JobSettings(sp.GetRequiredService<Job>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<JobSettings>().Settings);
        services.TryAddSingleton<SyncTally>();
        // A host shares one CallBudgets across its jobs; alone, the job keeps its own.
        services.TryAddSingleton(sp => new CallBudgets(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ApiBudgets(sp.GetRequiredService<CallBudgets>(), sp.GetRequiredService<DefenderSettings>()));
        services.TryAddSingleton<IMsalHttpClientFactory, MsalHttpClientFactory>();
        services.TryAddSingleton(sp => new AccessTokens(sp.GetRequiredService<DefenderSettings>(), sp.GetRequiredService<IMsalHttpClientFactory>()));
        services.TryAddSingleton<ODataPager>();
        services.TryAddSingleton<DefenderClients>();
        services.TryAddSingleton<DeviceSync>();
        services.TryAddSingleton<Software.SoftwareSync>();
        services.TryAddSingleton<Exposure.InternetFacingSync>();
        services.TryAddSingleton<ExportReader>();
        // The tuning, validated by its ranges when first resolved (a caller may Configure it before).
        services.AddOptions<SyncOptions>().ValidateDataAnnotations();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<SyncOptions>>().Value);
        services.TryAddSingleton<FixChecks>();
        services.TryAddSingleton<VulnerabilitySync>();
        services.TryAddSingleton<AlertListing>();
        services.TryAddSingleton<AlertSync>();

        // The services live for one job, in a context the host unloads after it: handlers never need recycling, and an
        // expiry timer would keep the job's services (and the plugin) alive for minutes after the job.
        services.ConfigureHttpClientDefaults(client => client.SetHandlerLifetime(Timeout.InfiniteTimeSpan));
        var signIn = services.AddHttpClient(MsalHttpClientFactory.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => Primary(sp, MsalHttpClientFactory.ClientName));
        signIn.AddResilienceHandler(MsalHttpClientFactory.ClientName, (pipeline, context) => DefenderResilience.ConfigureSignIn(pipeline, context.ServiceProvider));
        signIn.AddHttpMessageHandler(() => new RedirectHandler("token endpoint", follow: false));
        signIn.AddHttpMessageHandler(() => new WholeTokenAnswerHandler());
        AddApi<IGraphSecurityApi>(services, ApiResource.Graph, s => s.GraphEndpoint);
        AddApi<IDefenderApi>(services, ApiResource.Defender, s => s.DefenderEndpoint);
        var export = services.AddRefitGeneratedClient<IExportFileApi>()
            .ConfigureHttpClient((sp, client) =>
            {
                client.BaseAddress = sp.GetRequiredService<DefenderSettings>().DefenderEndpoint;
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(sp => Primary(sp, "defender-export"));
        export.AddHttpMessageHandler(() => new EndpointTagHandler());
        export.AddResilienceHandler("defender-export", (pipeline, context) => DefenderResilience.Configure(pipeline, context.ServiceProvider, budgeted: false));
        export.AddHttpMessageHandler(() => new RedirectHandler("export file", follow: true));
        return services;
    }

    private static void AddApi<TApi>(IServiceCollection services, ApiResource resource, Func<DefenderSettings, Uri> host)
        where TApi : class
    {
        var name = "defender-" + resource.ToString().ToLowerInvariant();
        var client = services.AddRefitGeneratedClient<TApi>()
            .ConfigureHttpClient((sp, client) =>
            {
                client.BaseAddress = host(sp.GetRequiredService<DefenderSettings>());

                // Pages stream for minutes; each attempt's wait for headers is bounded by the resilience pipeline instead.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(sp => Primary(sp, name));

        // Outermost first: the request is tagged with its kind of call once; retries, budgets and timeouts wrap the token
        // handler, so every attempt gets a fresh token and passes the host check.
        client.AddHttpMessageHandler(() => new EndpointTagHandler());
        client.AddResilienceHandler(name, (pipeline, context) => DefenderResilience.Configure(pipeline, context.ServiceProvider, budgeted: true));
        client.AddHttpMessageHandler(sp => new BearerTokenHandler(
                sp.GetRequiredService<AccessTokens>(),
                resource,
                host(sp.GetRequiredService<DefenderSettings>()),
                sp.GetRequiredService<SyncTally>()));

        // Innermost: a redirect is followed only to the API's own host, with the token the request already carries.
        client.AddHttpMessageHandler(() => new RedirectHandler(resource.ToString(), follow: true));
    }

    // The host's handler, or the default one, never following redirects on its own (RedirectHandler decides).
    private static HttpMessageHandler Primary(IServiceProvider services, string name) => RedirectHandler.NoAutomaticRedirects(
        services.GetService<IHttpHandlerSource>()?.CreatePrimaryHandler(name)
        ?? new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All });
}
