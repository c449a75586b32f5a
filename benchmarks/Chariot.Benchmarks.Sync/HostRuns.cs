using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;


namespace Chariot.Benchmarks.Sync;

/// <summary>The host with the Defender plugin: a job file for a benchmark tenant, and what its summary says.</summary>
internal static class HostRuns
{
    /// <summary>The job Chariot would send for the benchmark tenant, as the host's app.</summary>
    public static string WriteJob(Connection connection, string directory, string name, IReadOnlyDictionary<string, string> config)
    {
        var app = connection.Apps["host"];
        static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);
        var settings = new JsonObject
        {
            ["authority_host"] = Origin(connection.Authority),
            ["graph_endpoint"] = Origin(connection.Graph),
            ["defender_endpoint"] = Origin(connection.Defender),
            ["graph_scope"] = "https://graph.microsoft.com/.default",
            ["defender_scope"] = "https://api.securitycenter.microsoft.com/.default",
            ["alert_lookback_days"] = "0",
        };
        foreach (var (key, value) in config)
        {
            settings[key] = value;
        }

        var job = new JsonObject
        {
            ["username"] = "benchmark@chariot.local",
            ["config"] = settings,
            ["secret"] = new JsonObject { ["tenant_id"] = connection.TenantId, ["client_id"] = app.ClientId, ["client_secret"] = app.ClientSecret },
            ["target"] = new JsonObject { ["type"] = "integration", ["model"] = new JsonObject { ["name"] = "defender", ["value"] = "contoso.onmicrosoft.com" } },
        };
        var path = Path.Combine(directory, name + ".json");
        File.WriteAllText(path, job.ToJsonString());
        return path;
    }

    /// <summary>The host's summary table on stderr, by stream: received, HTTP calls, retries and 429s.</summary>
    public static Dictionary<string, StreamSummary> Summary(string error)
    {
        var rows = new Dictionary<string, StreamSummary>();
        foreach (var line in error.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            // A stream's name may have spaces ("fix checks"): the seven numbers are the last cells, the name what comes before.
            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cells.Length >= 8 && cells[^7..].All(cell => Number(cell) is not null))
            {
                rows[string.Join(' ', cells[..^7])] = new StreamSummary(Number(cells[^7])!.Value, Number(cells[^3])!.Value, Number(cells[^2])!.Value, Number(cells[^1])!.Value);
            }
        }

        return rows;

        static long? Number(string cell) => long.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>
    /// Runs one job with the host in this process (the plugin in its own load context, as always), to count the managed
    /// bytes the whole run allocates; the host's own process is measured from outside for time and memory.
    /// </summary>
    public static async Task<(int ExitCode, double Seconds, long AllocatedBytes, string Error)> InProcessAsync(string job, string output, string plugins, CancellationToken cancellationToken)
    {
        using var error = new StringWriter();
        var environment = new Chariot.Host.Sample.HostEnvironment { Out = TextWriter.Null, Error = error };
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var exitCode = await Chariot.Host.Sample.Program.RunAsync(["run", "--job", job, "--out", output, "--plugins", plugins], environment, cancellationToken);
        return (exitCode, clock.Elapsed.TotalSeconds, GC.GetTotalAllocatedBytes(precise: true) - allocated, error.ToString());
    }
}

/// <summary>One stream's line of the host's summary.</summary>
internal sealed record StreamSummary(long Received, long Calls, long Retries, long Throttled);
