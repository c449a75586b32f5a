using System.Globalization;

namespace Chariot.Capabilities.Defender.Testing.Routing;

/// <summary>Reads paging parameters; a malformed or out-of-range value yields an error message for a 400.</summary>
internal static class Paging
{
    /// <summary>An OData list's <c>$top</c> (1 to <paramref name="maxTop"/>) and <c>$skip</c> (0 to <paramref name="maxSkip"/>); the first error found.</summary>
    public static (long? Top, long? Skip, string? Error) ReadTopSkip(FakeRequest request, long maxTop, long maxSkip)
    {
        var (top, topError) = ReadLong(request, "$top", 1, maxTop);
        var (skip, skipError) = ReadLong(request, "$skip", 0, maxSkip);
        return (top, skip, topError ?? skipError);
    }

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
