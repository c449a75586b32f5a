using System.Text;
using System.Text.Json;
using Chariot.Capabilities.Defender.Api.Dtos;
using CommunityToolkit.HighPerformance.Buffers;

namespace Chariot.Capabilities.Defender.Tests.Mapping;

public sealed class PooledStringsTests
{
    // A small pool of the test's own: what it asserts does not hang on what the properties' pools already hold.
    private readonly JsonSerializerOptions _pooled = new() { Converters = { new PooledStringConverter(new StringPool(64)) } };

    private string? Read(string json) => JsonSerializer.Deserialize<string>(json, _pooled);

    [Fact]
    public void A_value_read_again_is_the_same_string()
    {
        Assert.Same(Read("\"ws-0001.contoso.com\""), Read("\"ws-0001.contoso.com\""));
        Assert.NotSame(Read("\"ws-0001.contoso.com\""), Read("\"ws-0002.contoso.com\""));
    }

    [Theory]
    [InlineData("\"ws-\\u0030001\"", "ws-0001")]
    [InlineData("\"müller-pc\"", "müller-pc")]
    [InlineData("\"\"", "")]
    [InlineData("null", null)]
    public void A_pooled_value_reads_as_it_would_unpooled(string json, string? expected)
    {
        Assert.Equal(expected, Read(json));
        Assert.Equal(JsonSerializer.Deserialize<string>(json), Read(json));
    }

    [Fact]
    public void A_long_value_reads_whole_and_is_not_pooled()
    {
        var json = $"\"{new string('h', 400)}\"";

        Assert.Equal(new string('h', 400), Read(json));
        Assert.NotSame(Read(json), Read(json));
    }

    [Fact]
    public void Invalid_utf8_and_a_number_fail_as_they_do_unpooled()
    {
        byte[] invalid = [(byte)'"', (byte)'w', 0xC3, 0x28, (byte)'"'];

        var unpooled = Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize<string>(invalid));
        var pooled = Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize<string>(invalid, _pooled));

        Assert.Equal(unpooled.GetType(), pooled.GetType());
        Assert.IsType<JsonException>(Assert.ThrowsAny<Exception>(() => Read("42")));
    }

    [Theory]
    [InlineData("deviceId")]
    [InlineData("deviceName")]
    [InlineData("cveId")]
    [InlineData("softwareVendor")]
    public void The_repeating_fields_of_a_vulnerability_row_are_pooled_and_its_id_is_not(string property)
    {
        var properties = DefenderJson.Default.VulnerabilityRow.Properties;

        Assert.IsType<PooledStringConverter>(Assert.Single(properties, p => p.Name == property).CustomConverter);
        Assert.Null(Assert.Single(properties, p => p.Name == "id").CustomConverter);
    }

    [Fact]
    public void A_row_reads_its_pooled_fields()
    {
        var row = JsonSerializer.Deserialize("""{"id":"r-1","deviceName":"ws-0001.contoso.com","cveId":"CVE-2024-1234","vulnerabilitySeverityLevel":"High"}""", DefenderJson.Default.VulnerabilityRow)!;

        Assert.Equal(("r-1", "ws-0001.contoso.com", "CVE-2024-1234", "High"), (row.Id, row.DeviceName, row.CveId, row.VulnerabilitySeverityLevel));
    }

    [Fact]
    public void Each_pooled_property_has_a_pool_of_its_own_so_streams_never_wait_on_each_other()
    {
        var converters = DefenderJson.Default.VulnerabilityRow.Properties.Select(p => p.CustomConverter)
            .Concat(DefenderJson.Default.GraphAlert.Properties.Select(p => p.CustomConverter))
            .OfType<PooledStringConverter>()
            .ToList();

        Assert.True(converters.Count > 10, $"{converters.Count} pooled properties");
        Assert.Equal(converters.Count, converters.Select(c => c.Pool).Distinct(ReferenceEqualityComparer.Instance).Count());
    }

    [Fact]
    public void A_row_of_a_full_listing_is_read_for_what_mapping_it_needs_and_no_more()
    {
        const string Json = """{"id":"m1_microsoft_edge_1.0_CVE-2024-1234","deviceId":"m1","deviceName":"ws-0001.contoso.com","softwareVendor":"microsoft","cveId":"CVE-2024-1234","vulnerabilitySeverityLevel":"High","cvssScore":7.5,"recommendedSecurityUpdate":"KB1","eventTimestamp":"2024-07-01T00:00:00Z","status":"New"}""";

        var listed = JsonSerializer.Deserialize(Json, DefenderJson.ListedVulnerabilityRow)!;
        var full = JsonSerializer.Deserialize(Json, DefenderJson.Default.VulnerabilityRow)!;

        Assert.Equal(("m1_microsoft_edge_1.0_CVE-2024-1234", "2024-07-01T00:00:00Z"), (full.Id, full.EventTimestamp));
        Assert.Equal(full with { Id = null, EventTimestamp = null, SoftwareVendor = null, Status = null }, listed);
        Assert.Equal(8, DefenderJson.ListedVulnerabilityRow.Properties.Count);
    }
}
