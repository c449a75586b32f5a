using Chariot.Capabilities.Filtering;

namespace Chariot.Capabilities.Tests.Filtering;

public sealed class KeySetTests
{
    [Fact]
    public void A_key_is_added_once_and_found_after_the_table_grew_many_times()
    {
        var keys = new KeySet();
        const int count = 200_000;

        for (var i = 0; i < count; i++)
        {
            Assert.True(keys.Add($"#asset#host-{i}.contoso.com#10.0.{i / 256 % 256}.{i % 256}"));
        }

        Assert.Equal(count, keys.Count);
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
        var keys = new KeySet();
        keys.Add("#risk#h.contoso.com#CVE-2024-1");

        Assert.False(keys.Contains("#risk#h.contoso.com#cve-2024-1"));
        Assert.False(keys.Contains("#risk#h.contoso.com#CVE-2024-1 "));
        Assert.False(keys.Contains(""));
        Assert.True(keys.Add(""));
        Assert.True(keys.Contains(""));
    }
}
