namespace Chariot.Capabilities;

/// <summary>Names the <see cref="ICapabilityPlugin"/> of a plugin assembly, so a host finds it without scanning types.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class CapabilityPluginAttribute : Attribute
{
    /// <summary>Names the plugin type; it must implement <see cref="ICapabilityPlugin"/> and have a public parameterless constructor.</summary>
    public CapabilityPluginAttribute(Type pluginType)
    {
        ArgumentNullException.ThrowIfNull(pluginType);
        PluginType = pluginType;
    }

    /// <summary>The plugin type.</summary>
    public Type PluginType { get; }
}
