using System.Runtime.InteropServices;

namespace Chariot.Host.Sample.Jobs;

/// <summary>
/// The process's C heap (glibc malloc), beside the managed one: the runtime's JIT compiler and OpenSSL (TLS) allocate from
/// it, in arenas shared by the threads (up to eight a core), and memory freed in the middle of an arena stays resident
/// until it is trimmed.
/// </summary>
internal static class NativeHeap
{
    // glibc's own name: where it is missing (musl, another system) the call fails once and is not asked again.
    private const string GlibcLibrary = "libc.so.6";

    private static volatile bool _missing;

    /// <summary>
    /// Gives the free pages of every arena back to the system (glibc's <c>malloc_trim(0)</c>); false where there is no
    /// such call (not Linux, or another C library), so callers stop asking.
    /// </summary>
    public static bool Trim()
    {
        if (!OperatingSystem.IsLinux() || _missing)
        {
            return false;
        }

        try
        {
            // The result says only whether any memory was released: either way the call did what it could.
            _ = MallocTrim(0);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _missing = true;
            return false;
        }
    }

    [DllImport(GlibcLibrary, EntryPoint = "malloc_trim", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
