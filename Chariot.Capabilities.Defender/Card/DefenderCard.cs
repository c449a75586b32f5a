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
            Setting(DefenderKeys.StaleDays, "Leave out devices not seen for (days)", "30 (0 keeps every device)"),
            Setting(DefenderKeys.DeviceTags, "Only devices with any of these tags", "Prod, DMZ (empty: every device)"),
            Setting(DefenderKeys.DeviceGroups, "Only devices in these device groups", "group ids or names, comma-separated"),
            Setting(DefenderKeys.DevicePlatforms, "Only devices on these platforms", "Windows11, WindowsServer2022, Linux"),
            Setting(DefenderKeys.OnboardingStatus, "Only devices with these onboarding statuses", "Onboarded (empty: discovered devices too)"),
            Setting(DefenderKeys.AlertServiceSources, "Only alerts from these services", "microsoftDefenderForEndpoint (empty: all)"),
            Setting(DefenderKeys.ImportSoftware, "Import each device's software (needs Software.Read.All)", "false") with { Type = CardFieldType.Select, Options = ["false", "true"] },
            Setting(DefenderKeys.ImportInternetFacing, "Import internet-facing devices' public addresses and ports (needs ThreatHunting.Read.All)", "false") with { Type = CardFieldType.Select, Options = ["false", "true"] },
            Setting(DefenderKeys.IncludeExcluded, "Include devices excluded or merged in Defender", "false") with { Type = CardFieldType.Select, Options = ["false", "true"] },
        ],
        HelpUrl,
        new CardLogo("/icons/light/defender.svg", Resource("light.svg")),
        new CardLogo("/icons/dark/defender.svg", Resource("dark.svg")));

    // An optional setting the config map holds.
    private static CardField Setting(string key, string label, string placeholder) =>
        new(key, label, CardFieldType.Text, false, placeholder) { Target = CardFieldTarget.Config };

    private static string Resource(string name)
    {
        using var stream = typeof(DefenderCard).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The logo resource {name} is missing from the plugin assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
