using System.Globalization;
using System.Text;
using System.Text.Json;
using Chariot.Capabilities.Json;
using Chariot.Capabilities.Models;

namespace Chariot.Host.Sample.Jobs;

/// <summary>Reads a Chariot job file (username, key, config, secret, target).</summary>
internal static class JobFile
{
    /// <summary>The largest job file read: a job is a few KB; anything near this is not one.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads and parses <paramref name="path"/>.</summary>
    /// <exception cref="HostUsageException">The file is missing or is not a job; the message gives the line and position.</exception>
    public static async Task<Job> ReadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path))
        {
            throw new HostUsageException($"Job file '{path}' is a directory: give the path of the job's JSON file.");
        }

        if (!File.Exists(path))
        {
            throw new HostUsageException($"Job file '{path}' does not exist.");
        }

        // Read no more than the limit and one byte, whatever the file says its length is (a pipe says none): a larger
        // file is refused without being read whole.
        var bytes = new byte[MaxBytes + 1];
        int read;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: false))
        {
            read = await file.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken);
        }

        if (read > MaxBytes)
        {
            throw new HostUsageException(string.Create(
                CultureInfo.InvariantCulture,
                $"Job file '{path}' is larger than the {MaxBytes:N0} bytes a job file may be: it is not a job."));
        }

        Array.Resize(ref bytes, read);
        return Parse(Decode(bytes, path), path);
    }

    /// <summary>Parses job JSON; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="HostUsageException">The text is not a job.</exception>
    public static Job Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new HostUsageException($"Job file '{source}' is empty: it must hold the job, a JSON object.");
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            JobShape.Check(document.RootElement, source);
            return document.RootElement.Deserialize<Job>(ChariotJson.Options)
                ?? throw new HostUsageException($"Job file '{source}' holds null: it must be a JSON object.");
        }
        catch (JsonException e)
        {
            // STJ counts from 0; people count from 1. The message never quotes the document, so no secret is echoed.
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}" : "";
            var key = e.Path?.TrimStart('$', '.') is { Length: > 0 } path ? $" (key '{path}')" : "";
            throw new HostUsageException($"Job file '{source}' is not a valid job{where}{key}: {JobShape.FirstSentence(e.Message)}", e);
        }
    }

    // UTF-8 (a byte order mark is skipped), or UTF-16 / UTF-32 as their byte order mark says, as File.ReadAllText reads;
    // a byte that is not of the encoding is refused, not replaced (it could be in a secret, which would then be wrong).
    private static string Decode(byte[] bytes, string source)
    {
        var (encoding, skip) = bytes switch
        {
            [0xEF, 0xBB, 0xBF, ..] => ((Encoding)StrictUtf8, 3),
            [0xFF, 0xFE, 0x00, 0x00, ..] => (new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true), 4),
            [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2),
            [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2),
            _ => (StrictUtf8, 0),
        };
        try
        {
            return encoding.GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException e)
        {
            var offset = skip + Math.Max(e.Index, 0);
            throw new HostUsageException(string.Create(
                CultureInfo.InvariantCulture,
                $"Job file '{source}' is not valid {(encoding is UTF8Encoding ? "UTF-8" : encoding.WebName)}: byte {offset:N0} is not part of a character. Save it as UTF-8."));
        }
    }
}
