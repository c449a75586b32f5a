namespace Chariot.Capabilities;

/// <summary>Why a capability call failed, so a runner can choose an exit code and a user knows where to look.</summary>
public enum CapabilityFailure
{
    /// <summary>The job's configuration or secret is missing or malformed.</summary>
    Configuration,

    /// <summary>The credentials were refused, expired, or lack a permission.</summary>
    Credentials,

    /// <summary>The vendor API failed or answered something unusable.</summary>
    Vendor,
}

/// <summary>
/// A user-facing capability failure: the message says what is wrong and what to do, and never carries a secret.
/// </summary>
public class CapabilityException : Exception
{
    /// <summary>Creates a failure of the given kind.</summary>
    public CapabilityException(CapabilityFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>Creates a vendor failure.</summary>
    public CapabilityException()
        : this(CapabilityFailure.Vendor, "The capability failed.")
    {
    }

    /// <summary>Creates a vendor failure with a message.</summary>
    public CapabilityException(string message)
        : this(CapabilityFailure.Vendor, message)
    {
    }

    /// <summary>Creates a vendor failure with a message and a cause.</summary>
    public CapabilityException(string message, Exception innerException)
        : this(CapabilityFailure.Vendor, message, innerException)
    {
    }

    /// <summary>The kind of failure.</summary>
    public CapabilityFailure Failure { get; }
}
