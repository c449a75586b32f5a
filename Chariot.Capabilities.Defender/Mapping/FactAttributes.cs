using Chariot.Capabilities.Emission;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Mapping;

/// <summary>
/// The vendor facts a model carries as attributes: a fact with no value (null or blank) is not one. A builder kept on
/// the mapper's stack, filling an array of the expected size: a sync maps millions of records, and a list and a builder
/// object for each were a tenth of what mapping an alert allocated. Used as a local, never copied.
/// </summary>
internal struct FactAttributes(ChariotModel parent, int expected = 8, ModelStamp? stamp = null)
{
    private ChariotAttribute[] _attributes = new ChariotAttribute[expected];
    private int _count;

    /// <summary>The attributes added: the array itself when every expected fact had a value.</summary>
    public readonly IReadOnlyList<ChariotAttribute> All =>
        _count == _attributes.Length ? (IReadOnlyList<ChariotAttribute>)_attributes : new ArraySegment<ChariotAttribute>(_attributes, 0, _count);

    public void Add(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        if (_count == _attributes.Length)
        {
            Array.Resize(ref _attributes, Math.Max(4, _count * 2));
        }

        _attributes[_count++] = new ChariotAttribute(name, value.Trim(), parent)
        {
            Username = stamp?.Username ?? "", Created = stamp?.Now, Visited = stamp?.Now, Ttl = stamp?.Ttl ?? 0,
        };
    }

    public void AddEach(string name, IReadOnlyList<string>? values)
    {
        // A parsed list, read by index: no enumerator made per record.
        var list = values ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            Add(name, list[i]);
        }
    }
}
