namespace Chariot.Capabilities.Defender.Testing.Tests.Support;

/// <summary>Finds <c>shared/reference/payloads</c> beside the repository root, wherever the repository is cloned.</summary>
internal static class Payloads
{
    public static string? Directory
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, "shared", "reference", "payloads");
                if (System.IO.Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}
