using Chariot.Capabilities.Filtering;

namespace Chariot.Capabilities.Tests.Filtering;

public sealed class KeySetTests
{
    [Fact]
    public void A_key_is_added_once_and_found_after_the_table_grew_many_times()
    {
        using var keys = new KeySet();
        const int count = 90_000;

        for (var i = 0; i < count; i++)
        {
            Assert.True(keys.Add($"#asset#host-{i}.contoso.com#10.0.{i / 256 % 256}.{i % 256}"));
        }

        Assert.Equal(count, keys.Count);
        Assert.Empty(keys.Runs); // below the in-memory bound: nothing written out
        for (var i = 0; i < count; i++)
        {
            Assert.False(keys.Add($"#asset#host-{i}.contoso.com#10.0.{i / 256 % 256}.{i % 256}"));
            Assert.True(keys.Contains($"#asset#host-{i}.contoso.com#10.0.{i / 256 % 256}.{i % 256}"));
        }

        Assert.False(keys.Contains($"#asset#host-{count}.contoso.com#10.0.0.0"));
        Assert.Equal(count, keys.Count);

        // Each table grows by half at three quarters full: between 4/3 and 2 slots a key (plus the 256 tables' first
        // slots), never the doubling of one whole table.
        Assert.InRange(keys.Slots, count * 4L / 3, (count * 2L) + (256 * 16));
    }

    [Fact]
    public void Keys_are_compared_exactly()
    {
        using var keys = new KeySet();
        keys.Add("#risk#h.contoso.com#CVE-2024-1");

        Assert.False(keys.Contains("#risk#h.contoso.com#cve-2024-1"));
        Assert.False(keys.Contains("#risk#h.contoso.com#CVE-2024-1 "));
        Assert.False(keys.Contains(""));
        Assert.True(keys.Add(""));
        Assert.True(keys.Contains(""));
    }

    [Fact]
    public void Past_the_memory_bound_keys_go_to_runs_on_disk_and_are_still_found_exactly_once()
    {
        var directory = Directory.CreateTempSubdirectory("keyset-test-");
        try
        {
            const int memoryKeys = 1_000;
            const int count = 23_456;
            using var keys = new KeySet(memoryKeys, directory.FullName);
            for (var i = 0; i < count; i++)
            {
                Assert.True(keys.Add(Key(i)));

                // A key sent a while ago (now on disk) and the one just sent are both refused again.
                Assert.False(keys.Add(Key(i / 2)));
                Assert.False(keys.Add(Key(i)));
            }

            Assert.Equal(count, keys.Count);

            // 23 spills of 1,000 merged while the newest is as large as the one before: 16,000 + 4,000 + 2,000 + 1,000
            // on disk (the binary digits of 23), 456 in memory.
            Assert.Equal([16_000, 4_000, 2_000, 1_000], keys.Runs);
            for (var i = 0; i < count; i++)
            {
                Assert.True(keys.Contains(Key(i)));
            }

            var absent = Enumerable.Range(count, 20_000).Count(i => keys.Contains(Key(i)) || !keys.Add(Key(i)));
            Assert.Equal(0, absent);

            // Nothing is left in the directory, even while the runs are open (Unix unlinks them at once).
            if (!OperatingSystem.IsWindows())
            {
                Assert.Empty(directory.EnumerateFileSystemInfos());
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        static string Key(int i) => $"#risk#host-{i % 977}.contoso.com#CVE-2024-{i}";
    }

    [Fact]
    public void A_million_keys_keep_a_few_megabytes_in_memory()
    {
        using var keys = new KeySet();
        const int count = 1_000_000;
        for (var i = 0; i < count; i++)
        {
            keys.Add($"#risk#host-{i % 100_000}.contoso.com#CVE-2024-{i}");
        }

        // In memory: the tables' slots (12 bytes each) for the keys since the last run, and each run's Bloom filter and
        // sparse index (about 10 bits a key on disk). All in memory the same keys took 16 to 24 MB.
        var bytes = keys.MemoryBytes;
        Assert.Equal(count, keys.Count);
        Assert.Equal(count - (count % KeySet.DefaultMemoryKeys), keys.Runs.Sum());
        Assert.InRange(bytes, 1_000_000, 5_000_000);
    }

    [Fact]
    public void Its_tables_hold_the_keys_before_a_run_in_under_two_megabytes()
    {
        using var keys = new KeySet();
        for (var i = 0; i < KeySet.DefaultMemoryKeys - 1; i++)
        {
            keys.Add($"#risk#host-{i % 100_000}.contoso.com#CVE-2024-{i}");
        }

        // 384 keys a table on average: seldom one outgrows 609 slots (131,072 keys in memory grew nearly all to 913, 2.8 MB).
        Assert.Empty(keys.Runs);
        Assert.InRange(keys.MemoryBytes, 1_500_000, 1_900_000);
    }

    [Fact]
    public void A_run_writer_refuses_fingerprints_out_of_order_or_more_than_announced()
    {
        using var writer = new RunWriter(Path.GetTempPath(), 2);
        writer.Append(new Fingerprint96(5, 1));
        Assert.Throws<InvalidOperationException>(() => writer.Append(new Fingerprint96(5, 1)));
        Assert.Throws<InvalidOperationException>(() => writer.Append(new Fingerprint96(4, 9)));
        Assert.Throws<InvalidOperationException>(() => writer.Complete());
        writer.Append(new Fingerprint96(5, 2));
        Assert.Throws<InvalidOperationException>(() => writer.Append(new Fingerprint96(6, 0)));
        using var run = writer.Complete();
        Assert.True(run.Contains(5, 1));
        Assert.True(run.Contains(5, 2));
        Assert.False(run.Contains(5, 3));
        Assert.False(run.Contains(4, 1));
    }

    [Fact]
    public void An_unwritable_directory_fails_with_what_to_fix()
    {
        var missing = Path.Combine(Path.GetTempPath(), "keyset-missing-" + Guid.NewGuid().ToString("N"));
        using var keys = new KeySet(10, missing);
        for (var i = 0; i < 9; i++)
        {
            keys.Add($"key-{i}");
        }

        var failure = Assert.Throws<IOException>(() => keys.Add("key-9"));
        Assert.Contains(missing, failure.Message, StringComparison.Ordinal);
        Assert.Contains("TMPDIR", failure.Message, StringComparison.Ordinal);
    }
}
