namespace Chariot.Capabilities.Defender.Testing.OData;

/// <summary>The properties one endpoint allows in <c>$filter</c>; anything else is a 400, as with Microsoft.</summary>
internal sealed class FilterSchema
{
    private readonly HashSet<string> _fields;

    public FilterSchema(params string[] fields) => _fields = new HashSet<string>(fields, StringComparer.OrdinalIgnoreCase);

    public bool Contains(string field) => _fields.Contains(field);

    public string Describe() => string.Join(", ", _fields.Order(StringComparer.Ordinal));
}
