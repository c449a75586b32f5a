using System.Text.Json;
using Chariot.Capabilities.Defender.Api.Dtos;

namespace Chariot.Capabilities.Defender.Tests.Mapping;

public sealed class InPlaceListsTests
{
    private static Machine Read(string properties) =>
        JsonSerializer.Deserialize("{\"id\":\"m1\"," + properties + "}", DefenderJson.Default.Machine)!;

    [Fact]
    public void Interfaces_are_read_for_their_address_as_the_built_in_reading_would()
    {
        var machine = Read("""
            "ipAddresses":[
              {"ipAddress":"10.0.0.1","macAddress":"AA","type":"Ethernet","operationalStatus":"Up","nested":{"a":[1,{"b":2}]}},
              null,
              {"IPADDRESS":"10.0.0.2"},
              {"ip\u0041ddress":"10.0.0.3"},
              {"ipAddress":"first","ipAddress":"10.0.0.4"},
              {"ipAddress":null},
              {}
            ]
            """);

        Assert.Equal(
            ["10.0.0.1", null, "10.0.0.2", "10.0.0.3", "10.0.0.4", null, null],
            machine.IpAddresses!.Select(a => a?.IpAddress));
        Assert.Null(machine.IpAddresses![1]);
        Assert.NotNull(machine.IpAddresses![6]);
    }

    [Fact]
    public void Tags_are_read_with_their_escapes_and_null_elements()
    {
        var machine = Read("""
            "machineTags":["tier-1",null,"b\u00e9","",  "x\"y"]
            """);

        Assert.Equal(["tier-1", null!, "bé", "", "x\"y"], machine.MachineTags!);
    }

    [Fact]
    public void A_long_list_is_read_whole_and_a_tag_that_repeats_is_the_same_string()
    {
        var tags = Enumerable.Range(0, 20).Select(i => $"tag-{i}").ToArray();
        var json = System.Text.Encoding.UTF8.GetBytes("[" + string.Join(",", tags.Select(t => $"\"{t}\"")) + "]");
        var converter = new StringListConverter();
        IReadOnlyList<string> ReadTags()
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            return converter.Read(ref reader, typeof(IReadOnlyList<string>), JsonSerializerOptions.Default);
        }

        var first = ReadTags();
        var second = ReadTags();

        Assert.Equal(tags, first);
        Assert.Same(first[19], second[19]);
    }

    [Fact]
    public void A_machine_written_out_reads_back_with_the_same_lists()
    {
        var machine = Read("""
            "ipAddresses":[{"ipAddress":"10.0.0.1"},null,{}],"machineTags":["tier-1",null,"bé"]
            """);

        var back = JsonSerializer.Deserialize(JsonSerializer.Serialize(machine, DefenderJson.Default.Machine), DefenderJson.Default.Machine)!;

        Assert.Equal(machine.IpAddresses!.Select(a => a?.IpAddress), back.IpAddresses!.Select(a => a?.IpAddress));
        Assert.Null(back.IpAddresses![1]);
        Assert.Equal(machine.MachineTags!, back.MachineTags!);
    }

    [Fact]
    public void Absent_and_null_lists_read_as_none()
    {
        Assert.Null(Read("\"ipAddresses\":null,\"machineTags\":null").IpAddresses);
        Assert.Null(Read("\"computerDnsName\":\"a\"").MachineTags);
        Assert.Empty(Read("\"ipAddresses\":[],\"machineTags\":[]").MachineTags!);
    }

    [Theory]
    [InlineData("\"ipAddresses\":[1]")]
    [InlineData("\"ipAddresses\":{}")]
    [InlineData("\"ipAddresses\":[[]]")]
    [InlineData("\"ipAddresses\":[{\"ipAddress\":5}]")]
    [InlineData("\"machineTags\":[1]")]
    [InlineData("\"machineTags\":\"tier-1\"")]
    [InlineData("\"machineTags\":[{}]")]
    public void A_list_of_the_wrong_shape_is_a_json_error_as_before(string properties)
    {
        Assert.Throws<JsonException>(() => Read(properties));
    }
}
