using System.Text.Json;
using System.Text.Json.Nodes;
using Chariot.Capabilities;
using Chariot.Host.Sample.Plugins;
using Microsoft.Extensions.Time.Testing;

namespace Chariot.Host.Sample.Tests;

/// <summary>Runs the host's command line in-process with captured streams, a fake clock and a fake environment.</summary>
internal sealed class HostHarness
{
    private readonly string _workDirectory = TempDirectory.Create("work");
    private int _nativeHeapTrims;

    public HostHarness(EchoPackage echo) => PluginsDirectory = echo.PluginsDirectory;

    public string PluginsDirectory { get; set; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero));

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public IHttpHandlerSource? HttpHandlers { get; set; }

    /// <summary>The directory the host runs in (where it looks for NuGet.config); the work directory by default.</summary>
    public string? WorkingDirectory { get; set; }

    public LoadContextTracker LoadContexts { get; } = new();

    /// <summary>How many times the host trimmed its C heap (counted here, not done).</summary>
    public int NativeHeapTrims => _nativeHeapTrims;

    public ConcurrentStringWriter Out { get; } = new();

    public ConcurrentStringWriter Error { get; } = new();

    public HostEnvironment Environment => new()
    {
        Out = Out,
        Error = Error,
        Time = Time,
        GetEnvironmentVariable = name => Variables.GetValueOrDefault(name),
        BaseDirectory = _workDirectory,
        WorkingDirectory = WorkingDirectory ?? _workDirectory,
        HttpHandlers = HttpHandlers,
        LoadContexts = LoadContexts,
        TrimNativeHeap = () =>
        {
            Interlocked.Increment(ref _nativeHeapTrims);
            return true;
        },
    };

    /// <summary>Runs the host; --plugins is added for commands that take it.</summary>
    public Task<int> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    public Task<int> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var withPlugins = args.Length > 0 && args[0] is "run" or "validate" or "affiliation" || (args.Length > 1 && args[0] == "plugins")
            ? [.. args, "--plugins", PluginsDirectory]
            : args;
        return Program.RunAsync(withPlugins, Environment, cancellationToken);
    }

    /// <summary>Writes an echo job file and returns its path.</summary>
    public string WriteJob(
        IDictionary<string, string>? config = null,
        IDictionary<string, string>? secret = null,
        string integration = "echo",
        string account = "acct")
    {
        var job = new JsonObject
        {
            ["username"] = "tester@example.com",
            ["config"] = ToJson(config ?? new Dictionary<string, string>()),
            ["secret"] = ToJson(secret ?? new Dictionary<string, string> { ["token"] = "echo-token-value-1" }),
            ["target"] = new JsonObject
            {
                ["type"] = "integration",
                ["model"] = new JsonObject { ["name"] = integration, ["value"] = account },
            },
        };
        return WriteFile("job.json", job.ToJsonString());
    }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_workDirectory, $"{Guid.NewGuid():N}-{name}");
        File.WriteAllText(path, content);
        return path;
    }

    public string PathFor(string name) => Path.Combine(_workDirectory, name);

    public static IReadOnlyList<JsonElement> Lines(string ndjson) =>
        [.. ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement)];

    private static JsonObject ToJson(IDictionary<string, string> values) =>
        new(values.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
}
