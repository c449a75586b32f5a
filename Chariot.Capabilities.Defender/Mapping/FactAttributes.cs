using Chariot.Capabilities.Emission;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Mapping;

/// <summary>The vendor facts a model carries as attributes: a fact with no value (null or blank) is not one.</summary>
internal sealed class FactAttributes(ChariotModel parent, int expected = 8, ModelStamp? stamp = null)
{
    private readonly List<ChariotAttribute> _attributes = new(expected);

    public IReadOnlyList<ChariotAttribute> All => _attributes;

    public void Add(string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            _attributes.Add(new ChariotAttribute(name, value.Trim(), parent)
            {
                Username = stamp?.Username ?? "", Created = stamp?.Now, Visited = stamp?.Now, Ttl = stamp?.Ttl ?? 0,
            });
        }
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
