using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Chariot.Benchmarks.Sync.Reference;

/// <summary>What one client measured of itself.</summary>
/// <param name="Records">Records read, by stream.</param>
/// <param name="Calls">HTTP calls, by stream.</param>
/// <param name="Seconds">Wall seconds, by stream.</param>
/// <param name="AllocatedBytes">Managed bytes allocated, by stream.</param>
/// <param name="Lines">NDJSON lines written.</param>
internal sealed record ClientStats(
    Dictionary<string, long> Records,
    Dictionary<string, long> Calls,
    Dictionary<string, double> Seconds,
    Dictionary<string, long> AllocatedBytes,
    long Lines);

/// <summary>
/// The plain streaming client the plugin is measured against: single-threaded, System.Text.Json, NDJSON out. It does
/// what a lean hand-written integration does: tokens, every page at the largest size, each record parsed and written
/// as one line. No mapping rules, no filter, no resilience: the floor, not a rival.
/// </summary>
internal sealed class ReferenceClient(Connection connection, string vulnerabilitySource, Stream output) : IDisposable
{
    private readonly HttpClient _http = new(connection.TrustingHandler());
    private readonly Utf8JsonWriter _writer = new(output, new JsonWriterOptions { SkipValidation = true });
    private readonly ClientStats _stats = new([], [], [], [], 0);
    private long _lines;

    public async Task<ClientStats> RunAsync(CancellationToken cancellationToken)
    {
        var app = connection.Apps["reference"];
        var defender = await TokenAsync(app, "https://api.securitycenter.microsoft.com/.default", cancellationToken);
        var graph = await TokenAsync(app, "https://graph.microsoft.com/.default", cancellationToken);

        await MeasureAsync("devices", () => PagesAsync(new Uri(connection.Defender, "api/machines?$top=10000"), defender, ReferenceJson.Default.MachineRecord, "devices", m => Line("asset", m.ComputerDnsName, m.LastIpAddress, m.Id), cancellationToken));
        await MeasureAsync("vulnerabilities", () => vulnerabilitySource == "export"
            ? ExportAsync(defender, cancellationToken)
            : PagesAsync(new Uri(connection.Defender, "api/machines/SoftwareVulnerabilitiesByMachine?pageSize=200000"), defender, ReferenceJson.Default.RowRecord, "vulnerabilities", WriteRow, cancellationToken));
        await MeasureAsync("definitions", () => PagesAsync(new Uri(connection.Defender, "api/vulnerabilities?$top=8000"), defender, ReferenceJson.Default.CveRecord, "definitions", c => Line("file", c.Id, c.Severity, c.Description), cancellationToken));
        await MeasureAsync("alerts", () => PagesAsync(new Uri(connection.Graph, "v1.0/security/alerts_v2?$top=1000"), graph, ReferenceJson.Default.AlertRecord, "alerts", a => Line("risk", a.Title, a.Severity, a.Id), cancellationToken));
        await _writer.FlushAsync(cancellationToken);
        return _stats with { Lines = _lines };
    }

    public void Dispose()
    {
        _writer.Dispose();
        _http.Dispose();
    }

    private async Task MeasureAsync(string stream, Func<Task> read)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await read();
        _stats.Seconds[stream] = clock.Elapsed.TotalSeconds;
        _stats.AllocatedBytes[stream] = GC.GetTotalAllocatedBytes(precise: true) - allocated;
    }

    private async Task<string> TokenAsync(BenchmarkApp app, string scope, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = app.ClientId,
            ["client_secret"] = app.ClientSecret,
            ["scope"] = scope,
        });
        using var answer = await _http.PostAsync(new Uri(connection.Authority, $"{connection.TenantId}/oauth2/v2.0/token"), form, cancellationToken);
        answer.EnsureSuccessStatusCode();
        var token = await answer.Content.ReadFromJsonAsync(ReferenceJson.Default.TokenAnswer, cancellationToken);
        return token!.AccessToken;
    }

    private async Task PagesAsync<T>(Uri first, string token, JsonTypeInfo<T> type, string stream, Action<T> each, CancellationToken cancellationToken)
    {
        for (Uri? next = first; next is not null;)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var answer = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            Count(_stats.Calls, stream);
            answer.EnsureSuccessStatusCode();
            await using var body = await answer.Content.ReadAsStreamAsync(cancellationToken);
            var link = await PageReader.ReadAsync(body, type, item =>
            {
                Count(_stats.Records, stream);
                each(item);
            }, cancellationToken);
            next = link is null ? null : new Uri(link);
            await _writer.FlushAsync(cancellationToken);
        }
    }

    private async Task ExportAsync(string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(connection.Defender, "api/machines/SoftwareVulnerabilitiesExport"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var answer = await _http.SendAsync(request, cancellationToken);
        Count(_stats.Calls, "vulnerabilities");
        answer.EnsureSuccessStatusCode();
        var files = await answer.Content.ReadFromJsonAsync(ReferenceJson.Default.ExportAnswer, cancellationToken);
        foreach (var file in files!.ExportFiles)
        {
            // SAS links carry their own authorization: no bearer token.
            using var download = await _http.GetAsync(new Uri(file), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            Count(_stats.Calls, "vulnerabilities");
            download.EnsureSuccessStatusCode();
            await using var gzip = new GZipStream(await download.Content.ReadAsStreamAsync(cancellationToken), CompressionMode.Decompress);
            await foreach (var row in JsonSerializer.DeserializeAsyncEnumerable(gzip, ReferenceJson.Default.RowRecord, topLevelValues: true, cancellationToken))
            {
                Count(_stats.Records, "vulnerabilities");
                WriteRow(row!);
                if (_writer.BytesPending > 64 * 1024)
                {
                    await _writer.FlushAsync(cancellationToken);
                }
            }
        }
    }

    private void WriteRow(RowRecord row)
    {
        if (row.CveId is not null)
        {
            Line("risk", row.DeviceName, row.CveId, row.VulnerabilitySeverityLevel);
        }
    }

    private void Line(string type, string? a, string? b, string? c)
    {
        _writer.WriteStartObject();
        _writer.WriteString("type"u8, type);
        _writer.WriteStartObject("model"u8);
        _writer.WriteString("a"u8, a);
        _writer.WriteString("b"u8, b);
        _writer.WriteString("c"u8, c);
        _writer.WriteEndObject();
        _writer.WriteEndObject();
        _writer.Flush();
        output.WriteByte((byte)'\n');
        _lines++;
        _writer.Reset();
    }

    private static void Count(Dictionary<string, long> counts, string stream) => counts[stream] = counts.GetValueOrDefault(stream) + 1;
}
