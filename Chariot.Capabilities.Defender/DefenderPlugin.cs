using Chariot.Capabilities;
using Chariot.Capabilities.Defender.Card;
using Chariot.Capabilities.Defender.Configuration;

[assembly: CapabilityPlugin(typeof(Chariot.Capabilities.Defender.DefenderPlugin))]

namespace Chariot.Capabilities.Defender;

/// <summary>The plugin's entry point: what it is, its services, and its capability for one job.</summary>
public sealed class DefenderPlugin : ICapabilityPlugin
{
    /// <summary>The capability name and integration class.</summary>
    public const string Name = "defender";

    /// <summary>Tabularium's credential type for Microsoft Defender.</summary>
    public const string CredentialType = "microsoft-defender";

    /// <inheritdoc />
    public CapabilityMetadata Metadata { get; } = new(
        Name,
        "Microsoft Defender for Endpoint",
        "Imports Defender for Endpoint devices as assets, and their vulnerabilities and alerts as risks.",
        Surface.Internal,
        TimeoutMinutes: 60,
        CredentialType,
        DefenderCard.Create())
    {
        EnvironmentDefaults =
        [
            new("AZURE_TENANT_ID", CardFieldTarget.Secret, DefenderKeys.TenantId),
            new("AZURE_CLIENT_ID", CardFieldTarget.Secret, DefenderKeys.ClientId),
            new("AZURE_CLIENT_SECRET", CardFieldTarget.Secret, DefenderKeys.ClientSecret) { UnlessPresent = [DefenderKeys.ClientCertificate] },
            new("DEFENDER_MAX_ALERTS_PER_SYNC", CardFieldTarget.Config, DefenderKeys.MaxAlerts),
            new("DEFENDER_ALERT_SEVERITY_FILTER", CardFieldTarget.Config, DefenderKeys.AlertSeverity),
            new("GRAPH_API_BASE_URL", CardFieldTarget.Config, DefenderKeys.GraphEndpoint) { TrimSuffix = "/v1.0" },
            new("DEFENDER_API_BASE_URL", CardFieldTarget.Config, DefenderKeys.DefenderEndpoint) { TrimSuffix = "/api" },
        ],
    };

    /// <inheritdoc />
    public void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services) =>
        DefenderServices.Add(services);

    /// <inheritdoc />
    public ICapability CreateCapability(IServiceProvider services, JobContext context) =>
        new DefenderCapability(Metadata, context, services);
}
