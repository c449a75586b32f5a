namespace Chariot.Host.Sample.Plugins;

/// <summary>A package was refused; the message says why and the plugins directory was left as it was.</summary>
internal sealed class PluginInstallException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PluginInstallException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PluginInstallException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public PluginInstallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
