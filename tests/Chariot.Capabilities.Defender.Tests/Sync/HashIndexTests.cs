using Chariot.Capabilities.Defender.Devices;

namespace Chariot.Capabilities.Defender.Tests.Sync;

public sealed class HashIndexTests
{
    [Fact]
    public void A_hundred_thousand_values_fit_in_131072_slots_and_each_is_found()
    {
        var index = new HashIndex();
        var random = new Random(9);
        var hashes = Enumerable.Range(0, 100_000).Select(_ => random.Next()).ToArray();
        for (var i = 0; i < hashes.Length; i++)
        {
            index.Add(hashes[i], i);
        }

        Assert.Equal(131_072, index.Capacity); // seven eighths full at most: 1 MB, not the 2 MB of three quarters
        for (var i = 0; i < hashes.Length; i++)
        {
            Assert.Contains(i, ValuesOf(index, hashes[i]));
        }
    }

    [Fact]
    public void Past_seven_eighths_the_table_grows_and_a_hash_never_added_finds_nothing()
    {
        var index = new HashIndex();
        for (var i = 0; i < 56; i++)
        {
            index.Add(i * 2, i); // even hashes only
        }

        Assert.Equal(64, index.Capacity); // 56 of 64 is seven eighths: still room (three quarters grew at the 49th)
        index.Add(56 * 2, 56);
        Assert.Equal(128, index.Capacity); // the 57th grew it
        Assert.All(Enumerable.Range(0, 57), i => Assert.Equal([i], ValuesOf(index, i * 2)));
        Assert.All(Enumerable.Range(0, 57), i => Assert.Equal(-1, index.First((i * 2) + 1)));
    }

    [Fact]
    public void Values_sharing_a_hash_are_all_found_and_one_can_be_set_to_minus_one()
    {
        var index = new HashIndex();
        index.Add(7, 1);
        index.Add(7, 2);
        index.Add(71, 3);

        Assert.Equal([1, 2], ValuesOf(index, 7).Order());
        index.Set(index.First(7), -1);
        Assert.Contains(-1, ValuesOf(index, 7));
        Assert.Equal([3], ValuesOf(index, 71));
    }

    private static List<int> ValuesOf(HashIndex index, int hash)
    {
        var values = new List<int>();
        for (var slot = index.First(hash); slot >= 0; slot = index.Next(hash, slot))
        {
            values.Add(index.ValueAt(slot));
        }

        return values;
    }
}
