namespace Chariot.Capabilities.Defender.Tests.Configuration;

public sealed class PublicSurfaceTests
{
    [Fact]
    public void The_plugin_exposes_its_entry_point_only()
    {
        // The host finds the plugin by its assembly attribute; nothing else of the plugin may be used from outside.
        Assert.Equal([typeof(DefenderPlugin)], typeof(DefenderPlugin).Assembly.GetExportedTypes());
    }
}
