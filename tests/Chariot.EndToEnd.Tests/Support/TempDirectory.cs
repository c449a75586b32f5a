namespace Chariot.EndToEnd.Tests.Support;

/// <summary>Fresh folders under the system temp directory, one per use.</summary>
public static class TempDirectory
{
    public static string Create(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "chariot-e2e-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
