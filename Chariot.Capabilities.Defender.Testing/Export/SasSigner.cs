using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Chariot.Capabilities.Defender.Testing.Export;

/// <summary>Signs and checks the fake SAS query (<c>st</c>, <c>se</c>, <c>sig</c>), so tampered or expired links fail like Azure's.</summary>
internal sealed class SasSigner
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Query(string blobPath, DateTimeOffset start, DateTimeOffset expiry)
    {
        var st = Format(start);
        var se = Format(expiry);
        return $"?sv=2019-12-12&st={Uri.EscapeDataString(st)}&se={Uri.EscapeDataString(se)}&sr=b&sp=r&sig={Uri.EscapeDataString(Sign(blobPath, st, se))}";
    }

    public bool IsGenuine(string blobPath, string? st, string? se, string? sig) =>
        st is not null && se is not null && sig is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(blobPath, st, se)), Encoding.ASCII.GetBytes(sig));

    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private string Sign(string blobPath, string st, string se) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(blobPath + "\n" + st + "\n" + se)));
}
