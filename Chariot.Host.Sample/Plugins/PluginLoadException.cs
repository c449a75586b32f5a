namespace Chariot.Host.Sample.Plugins;

/// <summary>A plugin folder could not be loaded as a plugin; the message says which and why.</summary>
internal sealed class PluginLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PluginLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PluginLoadException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public PluginLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
