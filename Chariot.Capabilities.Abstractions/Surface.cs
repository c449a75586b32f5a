namespace Chariot.Capabilities;

/// <summary>The attack surface a capability works on (tabularium's <c>Surface()</c>).</summary>
public enum Surface
{
    /// <summary>Internal networks and hosts.</summary>
    Internal,

    /// <summary>The external, internet-facing surface.</summary>
    External,

    /// <summary>Cloud accounts.</summary>
    Cloud,

    /// <summary>Source repositories.</summary>
    Repository,

    /// <summary>Applications.</summary>
    Application,
}
