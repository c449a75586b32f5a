using System.Globalization;

namespace Chariot.Capabilities.Reporting;

/// <summary>A stream's records do not add up: received differs from emitted + filtered + skipped.</summary>
public sealed class ReconciliationException : InvalidOperationException
{
    /// <summary>Creates the failure with the stream's counts.</summary>
    public ReconciliationException(string stream, long received, long emitted, long filtered, long skipped)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"The {stream} stream does not add up: received {received}, but emitted {emitted} + filtered {filtered} + skipped {skipped} = {emitted + filtered + skipped}. Records were lost or counted twice; nothing was saved as done. Please report this with the log."))
    {
        Stream = stream;
    }

    /// <summary>Creates the failure with a message.</summary>
    public ReconciliationException()
        : this("unknown", 0, 0, 0, 0)
    {
    }

    /// <summary>Creates the failure with a message.</summary>
    public ReconciliationException(string message)
        : base(message) => Stream = "unknown";

    /// <summary>Creates the failure with a message and its cause.</summary>
    public ReconciliationException(string message, Exception innerException)
        : base(message, innerException) => Stream = "unknown";

    /// <summary>The stream that does not add up.</summary>
    public string Stream { get; }
}
