namespace Chariot.Host.Sample.Tests;

public sealed class PublicSurfaceTests
{
    [Fact]
    public void The_host_executable_exposes_no_type()
    {
        Assert.Empty(typeof(Chariot.Host.Sample.HostEnvironment).Assembly.GetExportedTypes());
    }
}
