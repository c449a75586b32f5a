using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Defender.Sync;
using Chariot.Capabilities.Reporting;
using Microsoft.Extensions.Logging;

namespace Chariot.Capabilities.Defender.Vulnerabilities;

/// <summary>
/// Reads an export (vulnerabilities or software inventory, <see cref="ExportSource{T}"/>): asks for the file URLs,
/// downloads each file WITHOUT a token, and streams its gzip JSON lines. An expired URL (403) asks for a new export; an
/// empty or broken file is downloaded again.
/// </summary>
internal sealed partial class ExportReader(DefenderClients clients, ODataPager pager, TimeProvider time, SyncOptions options, ILogger<ExportReader> logger)
{
    /// <summary>The largest export answer read (a list of file URLs: a few KB for a tenant of any size).</summary>
    public const int MaxAnswerBytes = 1024 * 1024;

    private const int ExportAttempts = 3;
    private const int FileAttempts = 3;
    private const int BatchSize = 512;

    // The longest link lifetime the API grants: a big export must not expire while its first files are read.
    private const int SasValidHours = 6;

    /// <summary>
    /// Every row of a full listing (vulnerabilities, software), from where <c>vulnerability_source</c> picks for a tenant
    /// of <paramref name="devices"/> devices (<see cref="VulnerabilitySync.Choose"/>): the export's files, or
    /// <paramref name="listing"/>'s pages, read into the export's row type.
    /// </summary>
    public IAsyncEnumerable<T> ReadAllAsync<T>(ExportSource<T> export, PagedCall listing, int devices, StreamCounters counters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(export);
        var source = VulnerabilitySync.Choose(clients.Settings.VulnerabilitySource, devices);
        LogSource(export.Name, source, devices);
        return source == VulnerabilitySource.Export
            ? ReadAsync(export, counters, cancellationToken)
            : pager.ReadAsync(listing, export.Row, counters, cancellationToken);
    }

    public async IAsyncEnumerable<T> ReadAsync<T>(ExportSource<T> source, StreamCounters counters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        for (var export = 1; ; export++)
        {
            var files = await RequestExportAsync(source, cancellationToken);
            var expired = false;
            for (var index = 0; index < files.Count && !expired; index++)
            {
                var fileNumber = index + 1;
                var progress = new ReadProgress<T>(counters, problem => LogBadLine(fileNumber, problem));
                for (var attempt = 1; attempt <= FileAttempts; attempt++)
                {
                    using var response = await clients.Files.DownloadAsync(files[index], cancellationToken);
                    if (response.StatusCode == HttpStatusCode.Forbidden)
                    {
                        // Storage answers 403 to an expired link: the export is asked for again, which costs little
                        // (rows already given are filtered as duplicates), up to a limit.
                        if (export == ExportAttempts)
                        {
                            throw new CapabilityException(
                                CapabilityFailure.Vendor,
                                $"The {source.Name} export's file links kept expiring (403 from storage) through {ExportAttempts} exports; nothing was saved, run the sync again.");
                        }

                        LogExpired(index + 1, files.Count);
                        expired = true;
                        break;
                    }

                    await ApiFailures.EnsureSuccessAsync(response, ExportFileEndpoint(source.Endpoint, files[index]), cancellationToken);
                    await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                    using var lines = new JsonLines<T>(body, source.Row);
                    progress.Restart();
                    var broken = false;
                    while (true)
                    {
                        List<ParsedItem<T>>? batch;
                        try
                        {
                            batch = await BodyReads.WithinIdleTimeoutAsync(lines.ReadBatchAsync(BatchSize, cancellationToken), options.IdleTimeout, time, cancellationToken);
                        }
                        catch (Exception e) when (e is IOException or InvalidDataException or HttpRequestException && attempt < FileAttempts)
                        {
                            // The rows of the broken batch were not given: the next attempt gives them.
                            LogFileRetry(index + 1, attempt, e.GetType().Name);
                            counters.AddRetry();
                            broken = true;
                            break;
                        }

                        if (batch is null)
                        {
                            break;
                        }

                        foreach (var row in progress.Fresh(batch))
                        {
                            yield return row;
                        }
                    }

                    if (broken)
                    {
                        continue;
                    }

                    if (progress.Seen == 0 && attempt < FileAttempts)
                    {
                        // An empty gzip file has been seen from the export service: fetch it once more before believing it.
                        LogEmptyFile(index + 1);
                        continue;
                    }

                    break;
                }
            }

            if (!expired)
            {
                yield break;
            }
        }
    }

    private static async Task<IReadOnlyList<Uri>> RequestExportAsync<T>(ExportSource<T> source, CancellationToken cancellationToken)
    {
        using var response = await source.Request(SasValidHours, cancellationToken);
        await ApiFailures.EnsureSuccessAsync(response, source.Endpoint, cancellationToken);
        ExportFiles? answer;
        try
        {
            // The answer is a list of a few URLs: one larger than this is no export answer, and is not read whole.
            await response.Content.LoadIntoBufferAsync(MaxAnswerBytes, cancellationToken);
            answer = await response.Content.ReadFromJsonAsync(DefenderJson.Default.ExportFiles, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or HttpRequestException)
        {
            throw new CapabilityException(CapabilityFailure.Vendor, $"The {source.Name} export's answer could not be read ({e.GetType().Name}: {e.Message}). The sync stopped there; no checkpoint moved.", e);
        }

        // A missing list is not "no file": read as none, the sync would send no vulnerability and save its checkpoint.
        if (answer?.Files is not { } files || files.Any(file => file is null))
        {
            throw new CapabilityException(CapabilityFailure.Vendor,
                $"The {source.Name} export's answer has no exportFiles list of URLs (it is not the documented shape). The sync stopped there; no checkpoint moved.");
        }

        foreach (var file in files)
        {
            if (!file.IsAbsoluteUri || file.Scheme != Uri.UriSchemeHttps)
            {
                throw new CapabilityException(CapabilityFailure.Vendor, $"The {source.Name} export returned a file URL that is not an absolute https URL.");
            }
        }

        return files;
    }

    private static ApiEndpoint ExportFileEndpoint(ApiEndpoint export, Uri file) =>
        new("an export file", export.Permission, "storage", new Uri(file.GetLeftPart(UriPartial.Authority)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading the {Rows} rows {Source} ({Devices} devices listed)")]
    private partial void LogSource(string rows, VulnerabilitySource source, int devices);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export file {Index} of {Count} has expired (403); requesting a new export")]
    private partial void LogExpired(int index, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export file {Index} broke off ({Error}); downloading it again (attempt {Attempt})")]
    private partial void LogFileRetry(int index, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export file {Index} was empty; downloading it again")]
    private partial void LogEmptyFile(int index);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped an unreadable line of export file {Index}: {Problem}")]
    private partial void LogBadLine(int index, string problem);

    /// <summary>
    /// Gzip JSON lines, read a batch at a time, parsed from UTF-8 as they arrive (no string per line). A line longer than
    /// <see cref="MaxLineBytes"/> is given as unreadable and read past without being kept (a row is a few KB, and a gzip
    /// that expands to one endless line must not be held in memory to find its end), as a page's oversized record is.
    /// </summary>
    internal sealed class JsonLines<T>(Stream body, JsonTypeInfo<T> row) : IDisposable
    {
        /// <summary>The longest line read: rows are a few KB.</summary>
        public const int MaxLineBytes = 1024 * 1024;

        private static readonly ParsedItem<T> TooLong =
            ParsedItem<T>.Bad($"the line is longer than {MaxLineBytes / (1024 * 1024)} MB (rows are a few KB): skipped unread");

        private readonly PipeReader _reader = PipeReader.Create(new GZipStream(body, CompressionMode.Decompress), new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        private bool _ended;

        // Inside a line longer than the cap: its bytes are dropped as they come until its end.
        private bool _passingLongLine;

        /// <summary>The next lines, or null at the end of the file. Each call fills a list of its own.</summary>
        public async Task<List<ParsedItem<T>>?> ReadBatchAsync(int size, CancellationToken cancellationToken)
        {
            var batch = new List<ParsedItem<T>>(size);
            while (batch.Count < size && !_ended)
            {
                var result = await _reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                if (_passingLongLine)
                {
                    if (buffer.PositionOf((byte)'\n') is not { } lineEnd)
                    {
                        _ended = result.IsCompleted;
                        if (_ended)
                        {
                            batch.Add(TooLong);
                        }

                        _reader.AdvanceTo(buffer.End);
                        continue;
                    }

                    batch.Add(TooLong);
                    _passingLongLine = false;
                    buffer = buffer.Slice(buffer.GetPosition(1, lineEnd));
                }

                while (batch.Count < size && buffer.PositionOf((byte)'\n') is { } end)
                {
                    Add(batch, buffer.Slice(0, end));
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                }

                if (batch.Count < size && result.IsCompleted)
                {
                    Add(batch, buffer);
                    buffer = buffer.Slice(buffer.End);
                    _ended = true;
                }
                else if (batch.Count < size && buffer.Length > MaxLineBytes)
                {
                    // No end of line yet, and already too long: drop it rather than hold it to find its end.
                    _passingLongLine = true;
                    buffer = buffer.Slice(buffer.End);
                }

                // Lines left for the next batch are not examined yet, so the next read returns them at once.
                _reader.AdvanceTo(buffer.Start, batch.Count < size ? buffer.End : buffer.Start);
            }

            return batch.Count > 0 ? batch : null;
        }

        public void Dispose() => _reader.Complete();

        private void Add(List<ParsedItem<T>> batch, ReadOnlySequence<byte> line)
        {
            if (line.Length > MaxLineBytes)
            {
                batch.Add(TooLong);
                return;
            }

            if (IsBlank(line))
            {
                return;
            }

            if (line.FirstSpan.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                line = line.Slice(3); // a UTF-8 byte order mark before the first line
            }

            try
            {
                var reader = new Utf8JsonReader(line);
                var item = JsonSerializer.Deserialize(ref reader, row);
                batch.Add(item is null ? ParsedItem<T>.Bad("the line is null") : ParsedItem<T>.Good(item));
            }
            catch (JsonException e)
            {
                batch.Add(ParsedItem<T>.Bad(e.Message));
            }
        }

        private static bool IsBlank(ReadOnlySequence<byte> line)
        {
            foreach (var segment in line)
            {
                if (segment.Span.IndexOfAnyExcept(" \t\r\n"u8) >= 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
