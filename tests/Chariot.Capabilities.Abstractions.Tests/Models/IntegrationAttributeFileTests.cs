using System.Text;
using Chariot.Capabilities.Json;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Tests.Models;

// Expected values come from tabularium's integration_test.go, attribute.go and file_test.go.
public sealed class IntegrationAttributeFileTests
{
    [Fact]
    public void Integration_key_keeps_case_and_class_is_the_name()
    {
        var integration = new Integration("github", "https://github.com/praetorian-inc");

        Assert.Equal("#integration#github#https://github.com/praetorian-inc", integration.Key);
        Assert.True(integration.IsClass("github"));
        Assert.True(integration.IsClass("git"));
        Assert.Equal("github", integration.Group);
        Assert.Equal("https://github.com/praetorian-inc", integration.Identifier);
        Assert.Equal(AssetStatus.Active, integration.Status);
        Assert.Equal(ModelSource.Account, integration.Source);
        Assert.Null(integration.KeyProblem());
    }

    [Theory]
    [InlineData("github", "")]
    [InlineData("", "https://github.com/praetorian-inc")]
    [InlineData("", "")]
    public void Integration_without_name_or_value_is_invalid(string name, string value)
    {
        Assert.NotNull(new Integration(name, value).KeyProblem());
    }

    [Theory]
    [InlineData("#integration#github#", false)]
    [InlineData("#integration##https://github.com/praetorian-inc#", false)]
    [InlineData("#integration##", false)]
    [InlineData("#integration#github#https://github.com/praetorian-inc", true)]
    public void Integration_key_validity_matches_tabularium(string key, bool valid)
    {
        Assert.Equal(valid, ModelKeys.IsValidIntegration(key));
    }

    [Fact]
    public void Attribute_key_is_name_value_then_parent_key()
    {
        var parent = new Asset("gladiator.systems", "52.169.142.100");

        var attribute = new ChariotAttribute("http", "80", parent);

        Assert.Equal("#attribute#http#80#asset#gladiator.systems#52.169.142.100", attribute.Key);
        Assert.Equal(parent.Key, attribute.Source);
    }

    [Fact]
    public void Attribute_value_is_shortened_as_tabularium_does_to_a_key_of_1022_bytes()
    {
        var parent = new Asset("host.contoso.com", "10.0.0.1");

        var attribute = new ChariotAttribute("tags", new string('x', 5000), parent);

        Assert.Equal(ModelKeys.MaxLength - 2, attribute.Key.Length);
        Assert.EndsWith(parent.Key, attribute.Key, StringComparison.Ordinal);
    }

    [Fact]
    public void Attribute_of_an_invalid_parent_is_invalid()
    {
        Assert.NotNull(new ChariotAttribute("os", "Windows10", new Asset("", "")).KeyProblem());
    }

    [Fact]
    public void File_bytes_travel_as_text_when_clean()
    {
        var file = new ChariotFile("test.txt") { Bytes = "test"u8.ToArray() };

        var json = System.Text.Json.JsonSerializer.Serialize(file, ChariotJson.Options);

        Assert.Contains("\"name\":\"test.txt\"", json, StringComparison.Ordinal);
        Assert.Contains("\"bytes\":\"test\"", json, StringComparison.Ordinal);
        Assert.Contains("\"key\":\"#file#test.txt\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void File_bytes_with_a_control_character_travel_as_base64()
    {
        var file = new ChariotFile("bad.txt") { Bytes = Encoding.UTF8.GetBytes("this has a bad character: \x7f") };

        var json = System.Text.Json.JsonSerializer.Serialize(file, ChariotJson.Options);

        Assert.Contains("\"bytes\":\"base64:dGhpcyB", json, StringComparison.Ordinal);
        var back = System.Text.Json.JsonSerializer.Deserialize<ChariotFile>(json, ChariotJson.Options)!;
        Assert.Equal(file.Bytes.ToArray(), back.Bytes.ToArray());
    }

    [Fact]
    public void File_bytes_with_base64_prefix_are_decoded()
    {
        var file = System.Text.Json.JsonSerializer.Deserialize<ChariotFile>("""{"name":"t","bytes":"base64:dGVzdA=="}""", ChariotJson.Options)!;

        Assert.Equal("test", Encoding.UTF8.GetString(file.Bytes.Span));
    }

    [Fact]
    public void File_bytes_that_are_not_utf8_travel_as_base64()
    {
        var file = new ChariotFile("bin") { Bytes = new byte[] { 0xC3, 0x28 } };

        var json = System.Text.Json.JsonSerializer.Serialize(file, ChariotJson.Options);

        Assert.Contains("\"bytes\":\"base64:wyg=\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("quote \" backslash \\ tab \t line\nbreak\r\n")]
    [InlineData("<b>&amp;</b> 'single' müller 😀 \u2028 \u2029 \u00a0")]
    public void File_bytes_as_text_are_escaped_as_any_string_of_the_line(string text)
    {
        // The bytes are written as UTF-8 straight from the buffer: the JSON must be what the same text as a string gives.
        var file = new ChariotFile("t") { Bytes = Encoding.UTF8.GetBytes(text) };
        var asString = System.Text.Json.JsonSerializer.Serialize(text, ChariotJson.Options);

        var json = System.Text.Json.JsonSerializer.Serialize(file, ChariotJson.Options);

        Assert.Contains("\"bytes\":" + asString + ",", json, StringComparison.Ordinal);
    }
}
