using System.Globalization;

namespace Chariot.Capabilities.Defender.Testing.Routing;

/// <summary>Reads paging parameters; a malformed or out-of-range value yields an error message for a 400.</summary>
internal static class Paging
{
    public static (long? Value, string? Error) ReadLong(FakeRequest request, string name, long min, long max)
    {
        var text = request.QueryValue(name);
        if (text is null)
        {
            return (null, null);
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"The value '{text}' of {name} is not valid: use a whole number from {min} to {max}."));
        }

        return (value, null);
    }
}
