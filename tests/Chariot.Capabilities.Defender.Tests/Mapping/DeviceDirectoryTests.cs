using Chariot.Capabilities.Defender.Devices;

namespace Chariot.Capabilities.Defender.Tests.Mapping;

public sealed class DeviceDirectoryTests
{
    [Fact]
    public void Machines_sharing_a_host_name_are_all_found_and_a_machine_that_moves_leaves_its_old_host()
    {
        var devices = new DeviceDirectory();
        devices.Add("m1", "a.contoso.com");
        devices.Add("m2", "a.contoso.com");
        devices.Add("M2", "a.contoso.com");
        devices.Add("m3", "b.contoso.com");

        Assert.Equal(["m1", "m2"], devices.MachinesOf("a.contoso.com").Order(StringComparer.Ordinal));
        Assert.Equal(["m3"], devices.MachinesOf("b.contoso.com"));
        Assert.Equal("a.contoso.com", devices.HostOf("M1"));

        devices.Add("m1", "c.contoso.com");
        devices.Add("m3", "c.contoso.com");

        Assert.Equal(["m2"], devices.MachinesOf("a.contoso.com"));
        Assert.Empty(devices.MachinesOf("b.contoso.com"));
        Assert.Equal(["m1", "m3"], devices.MachinesOf("c.contoso.com").Order(StringComparer.Ordinal));
        Assert.Equal("c.contoso.com", devices.HostOf("m1"));
        Assert.Null(devices.HostOf("m9"));
        Assert.Null(devices.HostOf(null));
        Assert.Equal(3, devices.Count);

        devices.Add("m2", "d.contoso.com");
        Assert.Empty(devices.MachinesOf("a.contoso.com"));
        Assert.Equal(["m2"], devices.MachinesOf("d.contoso.com"));
    }
}
