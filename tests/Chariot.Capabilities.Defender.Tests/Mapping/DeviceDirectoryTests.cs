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

    [Fact]
    public void Every_machine_of_a_large_tenant_is_found_by_its_id_in_any_case_and_names_keep_every_character()
    {
        var devices = new DeviceDirectory();
        const int count = 20_000;
        for (var i = 0; i < count; i++)
        {
            devices.Add($"{i:x40}", $"host-{i % 15_000}.contoso.com");
        }

        devices.Add("Gerät-Ä1", "müller-pc.corp.contoso.com");
        var longId = new string('f', 70_000);
        devices.Add(longId, "long.contoso.com");

        Assert.Equal(count + 2, devices.Count);
        Assert.Equal("long.contoso.com", devices.HostOf(longId.ToUpperInvariant()));
        Assert.Equal([longId], devices.MachinesOf("long.contoso.com"));
        for (var i = 0; i < count; i++)
        {
            Assert.Equal($"host-{i % 15_000}.contoso.com", devices.HostOf($"{i:X40}"));
        }

        Assert.Equal(["0000000000000000000000000000000000000005", "0000000000000000000000000000000000003a9d"], devices.MachinesOf("host-5.contoso.com").Order(StringComparer.Ordinal));
        Assert.Equal("müller-pc.corp.contoso.com", devices.HostOf("gerät-ä1"));
        Assert.Equal(["Gerät-Ä1"], devices.MachinesOf("müller-pc.corp.contoso.com"));
        Assert.Empty(devices.MachinesOf("MÜLLER-PC.corp.contoso.com"));
        Assert.Null(devices.HostOf($"{count:x40}"));
    }
}
