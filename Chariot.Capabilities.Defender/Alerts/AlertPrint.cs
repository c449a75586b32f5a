using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// An alert id or a risk key as the alert sync remembers it: the first 128 bits of the SHA-256 of its UTF-8 text. The same
/// in every process, version and machine, so a checkpoint names the alerts and risks it remembers by it; 16 bytes where
/// the text took 60 to 300 bytes of memory (a tenant keeps tens of thousands of alerts open). Two texts share one with a
/// chance of about n²/2¹²⁹ among n, and no tenant data can be crafted to collide (SHA-256 is collision resistant).
/// </summary>
internal static class AlertPrint
{
    /// <summary>Characters of a fingerprint in a checkpoint (unpadded base64url of its 16 bytes).</summary>
    public const int TextLength = 22;

    private const int StackBytes = 512;

    public static UInt128 Of(string text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var buffer = length <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(text, buffer);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..written], hash);
            return BinaryPrimitives.ReadUInt128BigEndian(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The fingerprint as a checkpoint writes it.</summary>
    public static string Format(UInt128 print) => new(Write(print, stackalloc char[TextLength]));

    /// <summary>Writes the fingerprint as a checkpoint does into <paramref name="text"/> (<see cref="TextLength"/> characters), and returns it.</summary>
    public static ReadOnlySpan<char> Write(UInt128 print, Span<char> text)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, print);
        return text[..Base64Url.EncodeToChars(bytes, text)];
    }

    /// <summary>Reads a fingerprint written by <see cref="Format"/>; false for any other text.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out UInt128 print)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (text.Length == TextLength && Base64Url.IsValid(text, out var length) && length == bytes.Length && Base64Url.TryDecodeFromChars(text, bytes, out _))
        {
            print = BinaryPrimitives.ReadUInt128BigEndian(bytes);
            return true;
        }

        print = default;
        return false;
    }
}
