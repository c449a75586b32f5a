namespace Chariot.Capabilities.Defender.Testing.Faults;

/// <summary>
/// Thrown by a faulted body to stop writing. <see cref="IsReset"/> says whether the transport should drop the
/// connection (reset) or end the body as if it were complete (truncation).
/// </summary>
internal sealed class BodyCutOffException : IOException
{
    public BodyCutOffException()
        : this(isReset: true)
    {
    }

    public BodyCutOffException(string message)
        : base(message)
    {
    }

    public BodyCutOffException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BodyCutOffException(bool isReset)
        : base(isReset
            ? "The fake tenant reset the connection in the middle of the body (fault: ConnectionReset)."
            : "The fake tenant ended the body early (fault: TruncatedBody).")
    {
        IsReset = isReset;
    }

    public bool IsReset { get; }
}
