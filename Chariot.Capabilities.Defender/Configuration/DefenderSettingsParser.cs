using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Configuration;

/// <summary>Reads and validates a job's Defender settings; every problem names the key and what to put there.</summary>
internal static partial class DefenderSettingsParser
{
    private static readonly string[] Severities = ["informational", "low", "medium", "high"];
    private static readonly string[] Statuses = ["new", "inProgress", "resolved"];
    private static readonly string[] OnboardingStatuses = ["Onboarded", "CanBeOnboarded", "Unsupported", "InsufficientInfo"];

    // Graph's security serviceSource values (the ones after unknownFutureValue come only with a Prefer header, and are kept:
    // a filter on them is harmless).
    private static readonly string[] ServiceSources =
    [
        "unknown", "microsoftDefenderForEndpoint", "microsoftDefenderForIdentity", "microsoftDefenderForCloudApps",
        "microsoftDefenderForOffice365", "microsoft365Defender", "azureAdIdentityProtection", "microsoftAppGovernance",
        "dataLossPrevention", "microsoftDefenderForCloud", "microsoftSentinel", "microsoftInsiderRiskManagement",
    ];

    // Ten years: further back than any tenant keeps alerts, and small enough that the start is a valid date.
    private const int MaxLookbackDays = 3650;

    /// <summary>Parses the settings, or returns the first problem as a <see cref="MatchResult"/>.</summary>
    public static (DefenderSettings? Settings, MatchResult Result) TryParse(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            return (ParseOrThrow(job), MatchResult.Matched);
        }
        catch (SettingsProblem problem)
        {
            return (null, MatchResult.InvalidConfiguration(problem.Key, problem.Message));
        }
    }

    /// <summary>Parses the settings.</summary>
    /// <exception cref="CapabilityException">A value is missing or malformed; the message names the key and what to put.</exception>
    public static DefenderSettings Parse(Job job)
    {
        var (settings, result) = TryParse(job);
        return settings ?? throw new CapabilityException(CapabilityFailure.Configuration, $"'{result.Key}' {result.Problem}");
    }

    private static DefenderSettings ParseOrThrow(Job job)
    {
        var secret = job.Secret;
        var config = job.Config;
        var tenant = Required(secret.GetValueOrNull(DefenderKeys.TenantId), DefenderKeys.TenantId,
            "put the Directory (tenant) ID from the app registration's overview, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47");
        if (!Guid.TryParseExact(tenant, "D", out _) && !DomainName().IsMatch(tenant))
        {
            throw new SettingsProblem(DefenderKeys.TenantId, "is not a tenant id: put the Directory (tenant) ID, a GUID, or the tenant's verified domain such as contoso.onmicrosoft.com");
        }

        var client = Required(secret.GetValueOrNull(DefenderKeys.ClientId), DefenderKeys.ClientId,
            "put the Application (client) ID from the app registration's overview, a GUID");
        if (!Guid.TryParseExact(client, "D", out _))
        {
            throw new SettingsProblem(DefenderKeys.ClientId, "is not an application id: put the Application (client) ID, a GUID such as 11111111-2222-3333-4444-555555555555");
        }

        var cloudName = Optional(config, DefenderKeys.Cloud) ?? DefenderCloud.Public.Name;
        var cloud = DefenderCloud.All.FirstOrDefault(c => c.Name.Equals(cloudName, StringComparison.OrdinalIgnoreCase))
            ?? throw new SettingsProblem(DefenderKeys.Cloud, $"'{Shown(cloudName)}' is not a cloud: put public, gcc, gcc-high or dod");

        var authority = Endpoint(config, DefenderKeys.AuthorityHost);
        var graph = Endpoint(config, DefenderKeys.GraphEndpoint);
        var defender = Endpoint(config, DefenderKeys.DefenderEndpoint);
        var groups = List(config, DefenderKeys.DeviceGroups, allowed: null);

        return new DefenderSettings
        {
            TenantId = tenant,
            ClientId = client,
            Credential = Credential(secret),
            Cloud = cloud,
            AuthorityHost = authority ?? cloud.AuthorityHost,
            CustomAuthority = authority is not null,
            GraphEndpoint = graph ?? cloud.GraphEndpoint,
            DefenderEndpoint = defender ?? cloud.DefenderEndpoint,
            GraphScope = Optional(config, DefenderKeys.GraphScope) ?? (graph is null ? cloud.GraphScope : DefenderCloud.DefaultScope(graph)),
            DefenderScope = Optional(config, DefenderKeys.DefenderScope) ?? (defender is null ? cloud.DefenderScope : DefenderCloud.DefenderScopeFor(defender)),
            AlertSeverities = List(config, DefenderKeys.AlertSeverity, Severities),
            AlertStatuses = List(config, DefenderKeys.AlertStatus, Statuses),
            AlertServiceSources = List(config, DefenderKeys.AlertServiceSources, ServiceSources),
            DeviceTags = List(config, DefenderKeys.DeviceTags, allowed: null),
            DeviceGroupIds = [.. groups.Where(IsGroupId).Select(int.Parse)],
            DeviceGroupNames = [.. groups.Where(g => !IsGroupId(g))],
            DevicePlatforms = List(config, DefenderKeys.DevicePlatforms, allowed: null),
            OnboardingStatuses = List(config, DefenderKeys.OnboardingStatus, OnboardingStatuses),
            AlertLookback = Days(
                config, DefenderKeys.AlertLookbackDays, DefenderSettings.DefaultAlertLookback, "how many days of alert changes the first sync reads", "0 for everything the tenant keeps"),
            StaleAfter = Days(config, DefenderKeys.StaleDays, DefenderSettings.DefaultStaleAfter, "after how many days unseen a device is left out", "0 to keep every device"),
            IncludeExcluded = Flag(config, DefenderKeys.IncludeExcluded, byDefault: false),
            ImportSoftware = Flag(config, DefenderKeys.ImportSoftware, byDefault: false),
            ImportInternetFacing = Flag(config, DefenderKeys.ImportInternetFacing, byDefault: false),
            MaxAlerts = PositiveInt(config, DefenderKeys.MaxAlerts),
            ImportAlerts = Flag(config, DefenderKeys.ImportAlerts),
            ImportAssets = Flag(config, DefenderKeys.ImportAssets),
            ImportVulnerabilities = Flag(config, DefenderKeys.ImportVulnerabilities),
            VulnerabilitySource = Source(config),
        };
    }

    private static DefenderCredential Credential(JobSecret secret)
    {
        var value = secret.GetValueOrNull(DefenderKeys.ClientSecret);
        var pfx = secret.GetValueOrNull(DefenderKeys.ClientCertificate);
        if (value is not null && pfx is not null)
        {
            throw new SettingsProblem(DefenderKeys.ClientCertificate, $"is set together with {DefenderKeys.ClientSecret}: keep only one of them");
        }

        if (value is not null)
        {
            return new DefenderCredential.ClientSecret(value);
        }

        if (pfx is null)
        {
            throw new SettingsProblem(DefenderKeys.ClientSecret, $"is missing: put the client secret VALUE (not its ID) from Certificates & secrets, or a base64 PFX in {DefenderKeys.ClientCertificate}");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(pfx);
        }
        catch (FormatException)
        {
            throw new SettingsProblem(DefenderKeys.ClientCertificate, "is not base64: put the PFX file encoded as base64 (for example: base64 -w0 app.pfx)");
        }

        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12(bytes, secret.GetValueOrNull(DefenderKeys.ClientCertificatePassword), X509KeyStorageFlags.EphemeralKeySet);
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                throw new SettingsProblem(DefenderKeys.ClientCertificate, "holds no private key: export the certificate WITH its private key as a PFX");
            }

            return new DefenderCredential.ClientCertificate(certificate);
        }
        catch (CryptographicException)
        {
            throw new SettingsProblem(DefenderKeys.ClientCertificate, $"could not be opened: check that it is a PFX and that {DefenderKeys.ClientCertificatePassword} is its password");
        }
    }

    private static Uri? Endpoint(IReadOnlyDictionary<string, string> config, string key)
    {
        var text = Optional(config, key);
        if (text is null)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var withCredentials) && withCredentials.UserInfo.Length > 0)
        {
            // Never echo a value that carries credentials.
            throw new SettingsProblem(key, "carries a user name or password: put scheme and host (and port) only, and credentials in the job secret");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new SettingsProblem(key, $"'{Shown(text)}' is not an https URL: put scheme and host only, such as https://graph.microsoft.us");
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new SettingsProblem(key, $"'{Shown(text)}' has a path: put scheme and host (and port) only, such as {uri.GetLeftPart(UriPartial.Authority)}; the plugin adds the API paths");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }

    // An RBAC group id: a whole number a machine's rbacGroupId can be (anything else is taken as a group name).
    private static bool IsGroupId(string value) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    // A comma-separated list, each value once; with allowed values, each must be one (any case, written as allowed has it).
    private static List<string> List(IReadOnlyDictionary<string, string> config, string key, string[]? allowed)
    {
        var text = Optional(config, key);
        if (text is null)
        {
            return [];
        }

        var values = new List<string>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = allowed is null ? item : allowed.FirstOrDefault(a => a.Equals(item, StringComparison.OrdinalIgnoreCase))
                ?? throw new SettingsProblem(key, $"'{Shown(item)}' is not allowed: put a comma-separated list of {string.Join(", ", allowed)}");
            if (!values.Contains(match))
            {
                values.Add(match);
            }
        }

        return values;
    }

    private static int? PositiveInt(IReadOnlyDictionary<string, string> config, string key)
    {
        var text = Optional(config, key);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new SettingsProblem(key, $"'{Shown(text)}' is not a positive whole number: put how many alerts one sync may send, such as 1000, or leave it out for no limit");
    }

    // A number of days up to ten years, or 0 for no limit (what that means said by zero).
    private static TimeSpan? Days(IReadOnlyDictionary<string, string> config, string key, TimeSpan byDefault, string what, string zero)
    {
        var text = Optional(config, key);
        if (text is null)
        {
            return byDefault;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days > MaxLookbackDays)
        {
            throw new SettingsProblem(key, $"'{Shown(text)}' is not a number of days: put {what}, from 1 to {MaxLookbackDays}, or {zero}");
        }

        return days == 0 ? null : TimeSpan.FromDays(days);
    }

    private static bool Flag(IReadOnlyDictionary<string, string> config, string key, bool byDefault = true)
    {
        var text = Optional(config, key);
        return text is null ? byDefault : (bool.TryParse(text, out var value)
            ? value
            : throw new SettingsProblem(key, $"'{Shown(text)}' is not a switch: put true or false"));
    }

    private static VulnerabilitySource Source(IReadOnlyDictionary<string, string> config) =>
        Optional(config, DefenderKeys.VulnerabilitySource)?.ToLowerInvariant() switch
        {
            null or "auto" => VulnerabilitySource.Auto,
            "by-machine" => VulnerabilitySource.ByMachine,
            "export" => VulnerabilitySource.Export,
            var other => throw new SettingsProblem(DefenderKeys.VulnerabilitySource, $"'{Shown(other)}' is not a source: put auto, by-machine or export"),
        };

    private static string Required(string? value, string key, string what) =>
        value?.Trim() ?? throw new SettingsProblem(key, "is missing: " + what);

    private static string? Optional(IReadOnlyDictionary<string, string> config, string key) =>
        config.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    [GeneratedRegex(@"^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex DomainName();

    // A value as a message shows it: whole when short, else its start and its length (a 1 MB value is not echoed).
    private static string Shown(string value) =>
        value.Length <= MaxShownCharacters ? value : string.Create(CultureInfo.InvariantCulture, $"{value.AsSpan(0, MaxShownCharacters)}... ({value.Length:N0} characters)");

    private const int MaxShownCharacters = 80;

    private sealed class SettingsProblem(string key, string problem) : Exception(problem)
    {
        public string Key { get; } = key;
    }
}
