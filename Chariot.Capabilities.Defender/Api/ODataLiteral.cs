namespace Chariot.Capabilities.Defender.Api;

/// <summary>OData string literals: a value from outside goes into a <c>$filter</c> only through here.</summary>
internal static class ODataLiteral
{
    /// <summary><c>'value'</c> with every <c>'</c> doubled; the HTTP client then percent-encodes the whole filter.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>An OData v4 date-time literal in UTC, such as <c>2024-07-31T00:00:00.1234567Z</c>.</summary>
    public static string DateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><c>(field eq 'a' or field eq 'b')</c>, or null for no values.</summary>
    public static string? AnyOf(string field, IReadOnlyCollection<string> values) => AnyOf(values, v => $"{field} eq {Quote(v)}");

    /// <summary><c>(clause(a) or clause(b))</c>, or null for no values.</summary>
    public static string? AnyOf<T>(IReadOnlyCollection<T> values, Func<T, string> clause)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(clause);
        return values.Count == 0 ? null : "(" + string.Join(" or ", values.Select(clause)) + ")";
    }

    /// <summary>The clauses given joined by <c>and</c>; null when none is.</summary>
    public static string? AllOf(params string?[] clauses)
    {
        var given = clauses.OfType<string>().ToList();
        return given.Count == 0 ? null : string.Join(" and ", given);
    }
}
