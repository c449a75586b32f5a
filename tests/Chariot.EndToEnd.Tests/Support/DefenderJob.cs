using System.Text.Json.Nodes;
using Chariot.Capabilities.Defender.Testing;
using Chariot.Capabilities.Defender.Testing.Hosting;

namespace Chariot.EndToEnd.Tests.Support;

/// <summary>
/// A Chariot job file for the Defender integration, as a user would write it for the fake tenant: its endpoints are
/// the server's loopback origins, its scopes Microsoft's resources, its credentials those of the fake's default app.
/// The keys are spelled out: they are the job contract (the plugin's DefenderKeys), and these tests do not compile
/// against the plugin. Change <see cref="Config"/> or <see cref="Secret"/> before writing it to get a faulty job.
/// </summary>
public sealed class DefenderJob
{
    public const string Username = "e2e@chariot.local";
    public const string TenantId = "b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c";
    public const string TenantDomain = "contoso.onmicrosoft.com";
    public const string IntegrationKey = "#integration#defender#" + TenantDomain;

    public DefenderJob(FakeDefenderServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        Config = new(StringComparer.Ordinal)
        {
            ["authority_host"] = Origin(server.AuthorityUri),
            ["graph_endpoint"] = Origin(server.GraphUri),
            ["defender_endpoint"] = Origin(server.DefenderUri),
            ["graph_scope"] = "https://graph.microsoft.com/.default",
            ["defender_scope"] = "https://api.securitycenter.microsoft.com/.default",
        };
        Secret = new(StringComparer.Ordinal)
        {
            ["tenant_id"] = TenantId,
            ["client_id"] = FakeDefenderTenantOptions.DefaultClientId,
            ["client_secret"] = FakeDefenderTenantOptions.DefaultClientSecret,
        };
    }

    public Dictionary<string, string> Config { get; }

    public Dictionary<string, string> Secret { get; }

    /// <summary>The job as Chariot sends it.</summary>
    public string ToJson() => new JsonObject
    {
        ["username"] = Username,
        ["config"] = ToObject(Config),
        ["secret"] = ToObject(Secret),
        ["target"] = new JsonObject
        {
            ["type"] = "integration",
            ["model"] = new JsonObject { ["name"] = "defender", ["value"] = TenantDomain },
        },
    }.ToJsonString();

    /// <summary>
    /// The same job as Chariot's Go runner writes it, <c>json.Marshal(model.Job{...})</c> (tabularium <c>job.go</c>,
    /// <c>integration.go</c>, <c>registry/wrapper.go</c>): every field, zero values included, the unset wrappers as
    /// <c>{"model":null,"type":""}</c>, and the target integration as <c>NewIntegration</c> makes it.
    /// </summary>
    public string ToGoJson()
    {
        const string Created = "2026-01-15T09:00:00Z";
        static JsonObject Empty() => new() { ["model"] = null, ["type"] = "" };
        return new JsonObject
        {
            ["username"] = Username,
            ["key"] = $"#job#defender#{TenantDomain}#defender",
            ["dns"] = "defender",
            ["source"] = "defender#" + Created,
            ["created"] = Created,
            ["updated"] = Created,
            ["started"] = "",
            ["finished"] = "",
            ["status"] = "JQ#" + Created,
            ["ttl"] = 1768986000,
            ["config"] = ToObject(Config),
            ["secret"] = ToObject(Secret),
            ["retries"] = 0,
            ["allowRepeat"] = false,
            ["Queue"] = "standard",
            ["origin"] = Empty(),
            ["target"] = new JsonObject
            {
                ["model"] = new JsonObject
                {
                    ["username"] = "",
                    ["key"] = IntegrationKey,
                    ["origin"] = "",
                    ["source"] = "account",
                    ["status"] = "A",
                    ["created"] = Created,
                    ["visited"] = Created,
                    ["ttl"] = 0,
                    ["identifier"] = TenantDomain,
                    ["group"] = "defender",
                    ["class"] = "defender",
                    ["isExternal"] = false,
                    ["isInternal"] = false,
                    ["isCloud"] = false,
                    ["isApplication"] = false,
                    ["isRepository"] = false,
                    ["name"] = "defender",
                    ["value"] = TenantDomain,
                },
                ["type"] = "integration",
            },
            ["parent"] = Empty(),
        }.ToJsonString();
    }

    /// <summary>Writes the job into <paramref name="directory"/> and returns the file's path.</summary>
    public string WriteTo(string directory) => Write(directory, ToJson());

    /// <summary>Writes the job as Go writes it (<see cref="ToGoJson"/>) into <paramref name="directory"/>; returns the file's path.</summary>
    public string WriteGoShapedTo(string directory) => Write(directory, ToGoJson());

    private static string Write(string directory, string json)
    {
        var path = Path.Combine(directory, $"job-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

    private static JsonObject ToObject(Dictionary<string, string> values) =>
        new(values.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
}
