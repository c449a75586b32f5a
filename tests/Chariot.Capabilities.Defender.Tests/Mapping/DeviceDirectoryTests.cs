using Chariot.Capabilities.Defender.Devices;

namespace Chariot.Capabilities.Defender.Tests.Mapping;

public sealed class DeviceDirectoryTests
{
    [Fact]
    public void A_machine_looked_up_again_is_answered_from_memory_and_at_most_256_are_kept()
    {
        var devices = new DeviceDirectory();
        var machines = Enumerable.Range(0, 1024).Select(i => ($"m{i}", $"host-{i}.contoso.com")).ToList();
        foreach (var (id, host) in machines)
        {
            devices.Add(id, host);
        }

        // Rows of one device come together: the second lookup is the cached answer (a record read makes a new string).
        var first = devices.HostOf("m1");
        Assert.Same(first, devices.HostOf("M1"));

        // 1,024 machines looked up in turn, then again: only answers still cached are the same strings, and at most 256 are
        // kept (entries that lived long died in gen2; with 4,096 nearly all 1,024 were kept); every answer is right.
        var answers = machines.Select(m => devices.HostOf(m.Item1)).ToList();
        Assert.Equal(machines.Select(m => m.Item2), answers);
        var stillCached = machines.Where((m, i) => ReferenceEquals(devices.HostOf(m.Item1), answers[i])).Count();
        Assert.InRange(stillCached, 0, 256);
    }

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

        // A host left with no machine takes one again.
        devices.Add("m4", "a.contoso.com");
        devices.Add("m3", "a.contoso.com");
        Assert.Equal(["m3", "m4"], devices.MachinesOf("a.contoso.com").Order(StringComparer.Ordinal));
        Assert.Equal(["m1"], devices.MachinesOf("c.contoso.com"));
        Assert.Equal("a.contoso.com", devices.HostOf("M3"));
    }

    [Fact]
    public void A_machine_s_asset_name_is_kept_with_its_host_and_follows_an_address_change()
    {
        using var devices = new DeviceDirectory();
        devices.Add("m1", "a.contoso.com", "10.0.0.1");
        devices.Add("m2", "b.contoso.com");
        devices.Add("M1", "a.contoso.com", "10.0.0.9");

        Assert.Equal(("a.contoso.com", "10.0.0.9"), devices.AssetOf("m1"));
        Assert.Equal("a.contoso.com", devices.HostOf("m1"));
        Assert.Equal(("b.contoso.com", "b.contoso.com"), devices.AssetOf("m2")); // no address: the asset is named by its host
        Assert.Null(devices.AssetOf("m3"));
        Assert.Equal(["m1"], devices.MachinesOf("a.contoso.com"));
        Assert.Equal(2, devices.Count);
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

    [Fact]
    public void The_records_leave_no_file_behind_and_are_read_back_from_it_by_several_streams_at_once()
    {
        var directory = Directory.CreateTempSubdirectory("chariot-devices-test").FullName;
        try
        {
            const int count = 5_000; // about 350 KB of records: most are read back from the file, not its buffer
            using (var devices = new DeviceDirectory(directory))
            {
                for (var i = 0; i < count; i++)
                {
                    devices.Add($"{i:x40}", $"host-{i}.contoso.com");
                }

                Assert.Empty(Directory.EnumerateFileSystemEntries(directory)); // unlinked as soon as it was opened
                var wrong = 0;
                Parallel.For(0, 4 * count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, n =>
                {
                    var i = (n * 7919) % count;
                    if (devices.HostOf($"{i:X40}") != $"host-{i}.contoso.com" || devices.MachinesOf($"host-{i}.contoso.com").Single() != $"{i:x40}")
                    {
                        Interlocked.Increment(ref wrong);
                    }
                });

                Assert.Equal(0, wrong);
            }

            Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_directory_that_cannot_write_its_file_says_where_and_what_to_do()
    {
        using var devices = new DeviceDirectory(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}"));
        var filled = Record.Exception(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                devices.Add($"{i:x40}", $"host-{i}.contoso.com");
            }
        });

        var error = Assert.IsType<IOException>(filled);
        Assert.Contains("temporary directory", error.Message, StringComparison.Ordinal);
        Assert.Contains("TMPDIR", error.Message, StringComparison.Ordinal);
    }
}

