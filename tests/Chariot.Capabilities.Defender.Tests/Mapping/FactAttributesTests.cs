using Chariot.Capabilities.Defender.Mapping;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Tests.Mapping;

public sealed class FactAttributesTests
{
    private static readonly Asset Parent = new("pc-1.contoso.com", "pc-1.contoso.com");

    [Fact]
    public void Facts_with_a_value_become_attributes_in_order_whether_fewer_or_more_than_expected()
    {
        var fewer = new FactAttributes(Parent, expected: 4);
        fewer.Add("a", " 1 ");
        fewer.Add("b", null);
        fewer.Add("c", "  ");
        fewer.AddEach("d", ["2", null!, "3"]);

        var more = new FactAttributes(Parent, expected: 1);
        more.AddEach("e", ["1", "2", "3", "4", "5", "6"]);

        Assert.Equal([("a", "1"), ("d", "2"), ("d", "3")], fewer.All.Select(a => (a.Name, a.Value)));
        Assert.Equal(["1", "2", "3", "4", "5", "6"], more.All.Select(a => a.Value));
        Assert.All(fewer.All.Concat(more.All), a => Assert.Same(Parent, a.Parent));
    }

    [Fact]
    public void Exactly_the_expected_facts_are_the_array_itself()
    {
        var exact = new FactAttributes(Parent, expected: 2);
        exact.Add("a", "1");
        exact.Add("b", "2");

        Assert.IsType<ChariotAttribute[]>(exact.All);
    }
}
