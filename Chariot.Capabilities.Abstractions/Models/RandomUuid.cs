using System.Security.Cryptography;

namespace Chariot.Capabilities.Models;

/// <summary>
/// Random (version 4) UUIDs, as Go's <c>uuid.New()</c> makes a risk's <c>guid</c>: from the system's cryptographic random
/// generator, drawn 256 UUIDs at a time per thread. <see cref="Guid.NewGuid"/> asks the system once per UUID: a sixth of
/// a large sync's profile samples (a million risks, a million system calls).
/// </summary>
internal static class RandomUuid
{
    private const int Batch = 256;

    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_used;

    public static Guid New()
    {
        var random = t_random ??= new byte[Batch * 16];
        if (t_used == 0)
        {
            RandomNumberGenerator.Fill(random);
        }

        Span<byte> bytes = stackalloc byte[16];
        random.AsSpan(t_used * 16, 16).CopyTo(bytes);
        random.AsSpan(t_used * 16, 16).Clear();
        t_used = (t_used + 1) % Batch;

        // RFC 9562 layout: the version (4) in the high nibble of byte 6, the variant (10xx) in the top bits of byte 8.
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
