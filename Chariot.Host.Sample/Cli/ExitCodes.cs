namespace Chariot.Host.Sample.Cli;

/// <summary>The exit codes: a contract other tools rely on.</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Success = 0;

    /// <summary>The capability failed (credentials, vendor, or an unexpected error); the message is on stderr.</summary>
    public const int CapabilityFailed = 1;

    /// <summary>A usage or configuration error: bad arguments, a missing or invalid job file, a job value at fault.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl+C / SIGTERM (128 + SIGINT): the interrupted run saved only the progress checkpoints it had reached.</summary>
    public const int Interrupted = 130;

    /// <summary>The worst of several codes, for a batch of jobs: usage beats failure beats success.</summary>
    public static int Worst(IEnumerable<int> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        return codes.DefaultIfEmpty(Success).Max(c => c switch
        {
            Usage => 3,
            Interrupted => 4,
            CapabilityFailed => 2,
            _ => c == Success ? 0 : 2,
        }) switch
        {
            4 => Interrupted,
            3 => Usage,
            2 => CapabilityFailed,
            _ => Success,
        };
    }
}
