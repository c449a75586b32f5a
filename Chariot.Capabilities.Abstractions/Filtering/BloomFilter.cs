namespace Chariot.Capabilities.Filtering;

/// <summary>
/// A blocked Bloom filter over 96-bit fingerprints (already uniform hashes): 10 bits a fingerprint, seven of them set in
/// one 512-bit block, so a lookup touches one cache line; about 1.5% of absent fingerprints are answered "maybe".
/// </summary>
internal sealed class BloomFilter
{
    private const int WordsPerBlock = 8;
    private const int BitsPerKey = 10;
    private const int Probes = 7;

    private readonly ulong[] _words;
    private readonly ulong _blocks;

    public BloomFilter(long capacity)
    {
        _blocks = (ulong)Math.Max(1, ((capacity * BitsPerKey) + 511) / 512);
        _words = new ulong[_blocks * WordsPerBlock];
    }

    public long Bytes => _words.LongLength * sizeof(ulong);

    public void Add(ulong high, uint low)
    {
        var (block, bits) = Locate(high, low);
        for (var i = 0; i < Probes; i++, bits >>= 9)
        {
            var bit = (int)(bits & 511);
            _words[block + (bit >> 6)] |= 1UL << bit;
        }
    }

    public bool MayContain(ulong high, uint low)
    {
        var (block, bits) = Locate(high, low);
        for (var i = 0; i < Probes; i++, bits >>= 9)
        {
            var bit = (int)(bits & 511);
            if ((_words[block + (bit >> 6)] & (1UL << bit)) == 0)
            {
                return false;
            }
        }

        return true;
    }

    // Independent bits of the fingerprint: the high word's low 32 pick the block, its high 32 and the low word the probes.
    private (long Block, ulong Bits) Locate(ulong high, uint low)
    {
        var block = (long)((high & uint.MaxValue) * _blocks >> 32) * WordsPerBlock;
        return (block, (high >> 32) | ((ulong)low << 32));
    }
}
