namespace Chariot.Capabilities.Defender.Testing.Hosting;

/// <summary>
/// What points the Defender plugin at a <see cref="FakeDefenderServer"/>: the job's configuration and secret under the
/// plugin's own key names (its README's configuration table, a contract), written once here for every host and tool
/// that runs the plugin against the fake, which never compile against the plugin.
/// </summary>
/// <param name="Config">The job's <c>config</c>: the server's loopback origins, and Microsoft's resources as scopes.</param>
/// <param name="Secret">The job's <c>secret</c>: the tenant and the app's credentials.</param>
public sealed record PluginSettings(IReadOnlyDictionary<string, string> Config, IReadOnlyDictionary<string, string> Secret)
{
    /// <summary>The plugin's id: the job's source and the target integration's name.</summary>
    public const string PluginId = "defender";

    /// <summary>The plugin's switch for each device's software (config, <c>true</c> / <c>false</c>).</summary>
    public const string ImportSoftware = "import_software";

    /// <summary>The plugin's switch for internet-facing devices (config, <c>true</c> / <c>false</c>).</summary>
    public const string ImportInternetFacing = "import_internet_facing";

    /// <summary>The settings for <paramref name="app"/> of the tenant <paramref name="server"/> serves.</summary>
    public static PluginSettings For(FakeDefenderServer server, FakeDefenderTenantOptions tenant, FakeApp app)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(app);
        return new(
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["authority_host"] = Origin(server.AuthorityUri),
                ["graph_endpoint"] = Origin(server.GraphUri),
                ["defender_endpoint"] = Origin(server.DefenderUri),

                // The loopback hosts stand in for Microsoft's: tokens are still asked for Microsoft's resources.
                ["graph_scope"] = tenant.Cloud.GraphResource + "/.default",
                ["defender_scope"] = tenant.Cloud.DefenderResource + "/.default",
            },
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["tenant_id"] = tenant.TenantId,
                ["client_id"] = app.ClientId,
                ["client_secret"] = app.ClientSecret ?? "",
            });
    }

    private static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);
}
