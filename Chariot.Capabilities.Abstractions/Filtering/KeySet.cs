using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Chariot.Capabilities.Filtering;

/// <summary>
/// A set of keys held as 128-bit digests rather than strings: a job that sends millions of keys keeps about a third of
/// the memory, and a collision is beyond practical reach (about 2^-64 at a billion keys).
/// </summary>
internal sealed class KeySet
{
    private readonly HashSet<UInt128> _digests = [];

    public int Count => _digests.Count;

    public bool Add(string key) => _digests.Add(Digest(key));

    public bool Contains(string key) => _digests.Contains(Digest(key));

    private static UInt128 Digest(string key)
    {
        var length = Encoding.UTF8.GetMaxByteCount(key.Length);
        var rented = length > 512 ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            Span<byte> utf8 = rented ?? stackalloc byte[512];
            var written = Encoding.UTF8.GetBytes(key, utf8);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(utf8[..written], hash);
            return MemoryMarshal.Read<UInt128>(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
