using Microsoft.Win32.SafeHandles;

namespace Chariot.Capabilities;

/// <summary>
/// Temporary files for a capability that keeps part of a large job on disk instead of in memory (the duplicate filter's
/// keys, the Defender plugin's device directory): a file that leaves no trace, even when the process is killed.
/// </summary>
public static class TemporaryFile
{
    /// <summary>
    /// Opens a new file in <paramref name="directory"/> for reading and writing, unlinked at once where an open file can be
    /// (Unix) and deleted when closed elsewhere. A directory that cannot take it is an <see cref="IOException"/> that names
    /// <paramref name="user"/> (such as "The device directory"), the directory, and what to do.
    /// </summary>
    public static SafeFileHandle Open(string directory, string user)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        var path = Path.Combine(directory, $"chariot-{Guid.NewGuid():N}.tmp");
        try
        {
            var file = File.OpenHandle(
                path,
                FileMode.CreateNew,
                FileAccess.ReadWrite,
                FileShare.Delete,
                OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None);
            if (!OperatingSystem.IsWindows())
            {
                File.Delete(path);
            }

            return file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException(
                $"{user} could not write to the temporary directory {directory} ({e.Message}): give the job a writable directory with free space (TMPDIR).",
                e);
        }
    }

    /// <summary>
    /// Reads into <paramref name="buffer"/> from <paramref name="offset"/> until it is full or the file ends (a read may
    /// give fewer bytes than asked before the end): the bytes read, fewer than the buffer holds only at the end of the file.
    /// </summary>
    public static int ReadAt(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        ArgumentNullException.ThrowIfNull(file);
        var read = 0;
        while (read < buffer.Length)
        {
            var got = RandomAccess.Read(file, buffer[read..], offset + read);
            if (got == 0)
            {
                break;
            }

            read += got;
        }

        return read;
    }
}
