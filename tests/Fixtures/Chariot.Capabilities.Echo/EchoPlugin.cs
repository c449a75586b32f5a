using Chariot.Capabilities;
using Chariot.Capabilities.Echo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

[assembly: CapabilityPlugin(typeof(EchoPlugin))]

namespace Chariot.Capabilities.Echo;

/// <summary>The Echo plugin's entry point.</summary>
public sealed class EchoPlugin : ICapabilityPlugin
{
    /// <summary>What Echo is.</summary>
    public static CapabilityMetadata EchoMetadata { get; } = new(
        "echo",
        "Echo",
        "Emits the assets and risks its job asks for.",
        Surface.Internal,
        CapabilityMetadata.DefaultTimeoutMinutes,
        "echo-token",
        new IntegrationCard(
            "echo",
            "Echo",
            "A test integration.",
            [
                new CardField("token", "Token", CardFieldType.Password, true, "any value"),
                new CardField("count", "Count", CardFieldType.Text, false, "3") { Target = CardFieldTarget.Config },
            ],
            new Uri("https://example.com/echo"),
            new CardLogo("/icons/light/echo.svg", "<svg/>"),
            new CardLogo("/icons/dark/echo.svg", "<svg/>")))
    {
        EnvironmentDefaults =
        [
            new EnvironmentDefault("ECHO_TOKEN", CardFieldTarget.Secret, "token"),
            new EnvironmentDefault("ECHO_COUNT", CardFieldTarget.Config, "count"),
            new EnvironmentDefault("ECHO_URL", CardFieldTarget.Config, "url") { TrimSuffix = "/v1.0" },
        ],
    };

    /// <inheritdoc />
    public CapabilityMetadata Metadata => EchoMetadata;

    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services) => services.TryAddSingleton(TimeProvider.System);

    /// <inheritdoc />
    public ICapability CreateCapability(IServiceProvider services, JobContext context) => ActivatorUtilities.CreateInstance<EchoCapability>(services, context);
}
