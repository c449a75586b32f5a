using System.Text.Json;
using Chariot.Capabilities.Json;
using Chariot.Capabilities.Models;

namespace Chariot.Host.Sample.Jobs;

/// <summary>Reads a Chariot job file (username, key, config, secret, target).</summary>
public static class JobFile
{
    /// <summary>Reads and parses <paramref name="path"/>.</summary>
    /// <exception cref="HostUsageException">The file is missing or is not a job; the message gives the line and position.</exception>
    public static async Task<Job> ReadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new HostUsageException($"Job file '{path}' does not exist.");
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken);
        return Parse(text, path);
    }

    /// <summary>Parses job JSON; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="HostUsageException">The text is not a job.</exception>
    public static Job Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var job = JsonSerializer.Deserialize<Job>(text, ChariotJson.Options)
                ?? throw new HostUsageException($"Job file '{source}' holds null: it must be a JSON object.");
            if (job.Target is null)
            {
                throw new HostUsageException(
                    $"Job file '{source}' has no target: add \"target\": {{\"type\": \"integration\", \"model\": {{\"name\": \"...\", \"value\": \"...\"}}}}.");
            }

            return job;
        }
        catch (JsonException e)
        {
            // STJ counts from 0; people count from 1. The message never quotes the document, so no secret is echoed.
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}" : "";
            var key = e.Path?.TrimStart('$', '.') is { Length: > 0 } path ? $" (key '{path}')" : "";
            throw new HostUsageException($"Job file '{source}' is not a valid job{where}{key}: {FirstSentence(e.Message)}", e);
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
