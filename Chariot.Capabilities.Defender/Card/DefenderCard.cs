using Chariot.Capabilities.Defender.Configuration;

namespace Chariot.Capabilities.Defender.Card;

/// <summary>The integration card the Chariot UI renders for this plugin, with its logos carried as resources.</summary>
internal static class DefenderCard
{
    private const string Guid = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

    /// <summary>Where the app registration steps are documented.</summary>
    public static readonly Uri HelpUrl = new("https://learn.microsoft.com/defender-endpoint/api/exposed-apis-create-app-webapp");

    /// <summary>The card.</summary>
    public static IntegrationCard Create() => new(
        DefenderPlugin.Name,
        "Microsoft Defender for Endpoint",
        "Sync devices, vulnerabilities and alerts from Microsoft Defender for Endpoint into Chariot assets and risks.",
        [
            new CardField(DefenderKeys.TenantId, "Directory (tenant) ID", CardFieldType.Text, true, Guid),
            new CardField(DefenderKeys.ClientId, "Application (client) ID", CardFieldType.Text, true, Guid),
            new CardField(DefenderKeys.ClientSecret, "Client secret value", CardFieldType.Password, false, "The secret VALUE (not the Secret ID); or use a certificate below"),
            new CardField(DefenderKeys.ClientCertificate, "Client certificate (base64 PFX)", CardFieldType.TextArea, false, "base64 -w0 app.pfx"),
            new CardField(DefenderKeys.ClientCertificatePassword, "Certificate password", CardFieldType.Password, false, "Leave empty if the PFX has none"),
            new CardField(DefenderKeys.Cloud, "Cloud", CardFieldType.Select, false, "public")
            {
                Target = CardFieldTarget.Config,
                Options = DefenderCloud.All.Select(c => c.Name).ToArray(),
            },
            new CardField(DefenderKeys.StaleDays, "Leave out devices not seen for (days)", CardFieldType.Text, false, "30 (0 keeps every device)")
            {
                Target = CardFieldTarget.Config,
            },
            new CardField(DefenderKeys.DeviceTags, "Only devices with any of these tags", CardFieldType.Text, false, "Prod, DMZ (empty: every device)")
            {
                Target = CardFieldTarget.Config,
            },
            new CardField(DefenderKeys.DeviceGroups, "Only devices in these device groups", CardFieldType.Text, false, "group ids or names, comma-separated")
            {
                Target = CardFieldTarget.Config,
            },
            new CardField(DefenderKeys.DevicePlatforms, "Only devices on these platforms", CardFieldType.Text, false, "Windows11, WindowsServer2022, Linux")
            {
                Target = CardFieldTarget.Config,
            },
            new CardField(DefenderKeys.OnboardingStatus, "Only devices with these onboarding statuses", CardFieldType.Text, false, "Onboarded (empty: discovered devices too)")
            {
                Target = CardFieldTarget.Config,
            },
            new CardField(DefenderKeys.AlertServiceSources, "Only alerts from these services", CardFieldType.Text, false, "microsoftDefenderForEndpoint (empty: all)")
            {
                Target = CardFieldTarget.Config,
            },
            new CardField(DefenderKeys.IncludeExcluded, "Include devices excluded or merged in Defender", CardFieldType.Select, false, "false")
            {
                Target = CardFieldTarget.Config,
                Options = ["false", "true"],
            },
        ],
        HelpUrl,
        new CardLogo("/icons/light/defender.svg", Resource("light.svg")),
        new CardLogo("/icons/dark/defender.svg", Resource("dark.svg")));

    private static string Resource(string name)
    {
        using var stream = typeof(DefenderCard).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The logo resource {name} is missing from the plugin assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
