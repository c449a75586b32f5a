namespace Chariot.Host.Sample.Jobs;

/// <summary>A usage or configuration error (exit code 2): the message tells the user what to fix.</summary>
internal sealed class HostUsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HostUsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public HostUsageException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public HostUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
