namespace Chariot.Capabilities.Tests;

public sealed class TemporaryFileTests
{
    [Fact]
    public void A_temporary_file_is_written_and_read_and_leaves_nothing_in_its_directory()
    {
        var directory = Directory.CreateTempSubdirectory("chariot-temporary-test").FullName;
        try
        {
            using (var file = TemporaryFile.Open(directory, "The test"))
            {
                RandomAccess.Write(file, "abc"u8, 10);
                var read = new byte[3];
                Assert.Equal(3, RandomAccess.Read(file, read, 10));
                Assert.Equal("abc"u8.ToArray(), read);
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Empty(Directory.EnumerateFileSystemEntries(directory)); // unlinked while open
                }
            }

            Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_read_at_an_offset_fills_the_buffer_and_gives_fewer_bytes_only_at_the_end_of_the_file()
    {
        using var file = TemporaryFile.Open(Path.GetTempPath(), "The test");
        RandomAccess.Write(file, "0123456789"u8, 0);
        var buffer = new byte[6];

        Assert.Equal(6, TemporaryFile.ReadAt(file, buffer, 2));
        Assert.Equal("234567"u8.ToArray(), buffer);
        Assert.Equal(2, TemporaryFile.ReadAt(file, buffer, 8));
        Assert.Equal("89"u8.ToArray(), buffer[..2]);
        Assert.Equal(0, TemporaryFile.ReadAt(file, buffer, 10));
    }

    [Fact]
    public void A_directory_that_cannot_take_it_is_named_with_its_user_and_what_to_do()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"chariot-missing-{Guid.NewGuid():N}");

        var error = Assert.Throws<IOException>(() => TemporaryFile.Open(missing, "The device directory"));

        Assert.StartsWith("The device directory could not write to the temporary directory " + missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("TMPDIR", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
    }
}
