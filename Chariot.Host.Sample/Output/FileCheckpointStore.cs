using System.Security.Cryptography;
using System.Text;
using Chariot.Capabilities.Checkpoints;

namespace Chariot.Host.Sample.Output;

/// <summary>
/// Checkpoints as files under a state directory, one per integration and stream
/// (<c>{state}/{escaped integration key}/{escaped stream}.checkpoint</c>). A write goes to a temporary file that is
/// flushed to disk and then renamed over the old one, so a reader (or a crash) sees the old value or the new one.
/// </summary>
internal sealed class FileCheckpointStore : ICheckpointStore
{
    private const int MaxFileNameLength = 120;
    private readonly string _directory;
    private readonly TimeProvider _time;

    /// <summary>Keeps checkpoints under <paramref name="directory"/> (created on first write).</summary>
    public FileCheckpointStore(string directory)
        : this(directory, TimeProvider.System)
    {
    }

    /// <summary>Keeps checkpoints under <paramref name="directory"/>, telling abandoned temporary files by <paramref name="time"/>.</summary>
    public FileCheckpointStore(string directory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(time);
        _directory = Path.GetFullPath(directory);
        _time = time;
    }

    /// <summary>The file holding <paramref name="key"/>.</summary>
    public string PathOf(CheckpointKey key) =>
        Path.Combine(_directory, SafeName(key.IntegrationKey), SafeName(key.Stream) + ".checkpoint");

    /// <inheritdoc />
    public async Task<string?> ReadAsync(CheckpointKey key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        return File.Exists(path) ? await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken) : null;
    }

    /// <inheritdoc />
    public Task WriteAsync(CheckpointKey key, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        return WriteAsync(key, Encoding.UTF8.GetBytes(value), cancellationToken);
    }

    /// <inheritdoc />
    public async Task WriteAsync(CheckpointKey key, ReadOnlyMemory<byte> utf8Value, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        RemoveAbandoned(path);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await file.WriteAsync(utf8Value, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    // A write killed between creating its temporary file and renaming it leaves the file behind: removed by the next write
    // of the same checkpoint, once old enough that no other writer can still be using it.
    private void RemoveAbandoned(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        foreach (var abandoned in Directory.EnumerateFiles(directory, Path.GetFileName(path) + ".*.tmp"))
        {
            try
            {
                if (_time.GetUtcNow() - File.GetLastWriteTimeUtc(abandoned) > AbandonedAfter)
                {
                    File.Delete(abandoned);
                }
            }
            catch (IOException)
            {
                // Gone or in use: either way not this write's concern.
            }
        }
    }

    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(10);

    // Integration keys hold '#' and free text: escape them into a portable file name, hashing what is too long.
    private static string SafeName(string text)
    {
        var escaped = Uri.EscapeDataString(text);
        if (escaped.Length <= MaxFileNameLength && escaped is not ("." or ".."))
        {
            return escaped;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        return escaped[..Math.Min(escaped.Length, MaxFileNameLength - 17)] + "-" + hash;
    }
}
