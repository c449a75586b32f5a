using System.Buffers;
using System.Text;
using Chariot.Capabilities.Json;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Tests.Json;

public sealed class Utf8WrapTests
{
    private static readonly DateTimeOffset Seen = new(2024, 7, 31, 1, 55, 47, TimeSpan.Zero);

    public static TheoryData<string> Models => ["asset", "risk", "attribute", "file", "integration"];

    private static ChariotModel Make(string type)
    {
        var asset = new Asset("müller-pc.contoso.com", "10.0.0.1")
        {
            Username = "user@example.com", Created = Seen, Visited = Seen, Ttl = 1722400000, Comment = "quote \" backslash \\ tab \t <b>&</b> é 😀",
            Tags = ["a", "b"],
        };
        var risk = new Risk("h.contoso.com", "CVE-2024-1234", RiskStatus.Triage(Severity.High)) { Updated = Seen, Comment = "line\nbreak \u2028" };
        return type switch
        {
            "asset" => asset,
            "risk" => risk,
            "attribute" => new ChariotAttribute("osPlatform", "Windows \"11\"", asset) { Metadata = new Dictionary<string, string> { ["k"] = "v" } },
            "file" => new ChariotFile("proofs/h/x") { Bytes = "{\"a\":1}"u8.ToArray(), Updated = Seen },
            _ => new Integration("defender", "contoso.onmicrosoft.com"),
        };
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void The_utf8_line_is_the_string_line_byte_for_byte(string type)
    {
        var model = Make(type);
        var output = new ArrayBufferWriter<byte>();

        ChariotJson.Wrap(model, output);

        Assert.Equal(ChariotJson.Wrap(model), Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Each_line_is_appended_after_what_the_buffer_holds()
    {
        var output = new ArrayBufferWriter<byte>();
        var first = Make("asset");
        var second = Make("risk");

        ChariotJson.Wrap(first, output);
        ChariotJson.Wrap(second, output);

        Assert.Equal(ChariotJson.Wrap(first) + ChariotJson.Wrap(second), Encoding.UTF8.GetString(output.WrittenSpan));
    }

    public static TheoryData<string, string> AttributeValues => new()
    {
        { "osPlatform", "Windows11" },
        { "note", "quote \" backslash \\ tab \t line\n müller 😀 \u2028 <b>&</b>" },
        { "long", new string('x', 5000) },
        { "cut", new string('x', 972) + "😀😀" },
        { new string('n', 1100), "value" },
    };

    [Theory]
    [MemberData(nameof(AttributeValues))]
    public void An_attribute_key_written_from_its_parts_is_the_key_text(string name, string value)
    {
        var parent = new Risk("h.contoso.com", "CVE-2024-1234", RiskStatus.Triage(Severity.High));
        var attribute = new ChariotAttribute(name, value, parent);
        var output = new ArrayBufferWriter<byte>();

        ChariotJson.Wrap(attribute, output);
        var line = Encoding.UTF8.GetString(output.WrittenSpan);

        Assert.EndsWith(",\"key\":" + System.Text.Json.JsonSerializer.Serialize(attribute.Key, ChariotJson.Options) + "}}", line, StringComparison.Ordinal);
        Assert.Equal(line, ChariotJson.Wrap(attribute));
        using var document = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal(attribute.Key, document.RootElement.GetProperty("model").GetProperty("key").GetString());
    }

    [Fact]
    public void Attribute_lines_make_no_buffer_per_line_even_when_each_has_a_parent_of_its_own()
    {
        var attributes = Enumerable.Range(0, 400)
            .Select(i => new ChariotAttribute("defenderAlertId", "da" + i, new Risk("h.contoso.com", "Alert " + i, RiskStatus.Triage(Severity.High)) { Comment = new string('c', 600) }))
            .ToArray();
        Assert.All(attributes, a => Assert.NotEmpty(a.Parent.Key)); // a model's key is made once, when first asked for
        var output = new ArrayBufferWriter<byte>(4 * 1024 * 1024);
        foreach (var attribute in attributes.Take(8))
        {
            ChariotJson.Wrap(attribute, output);
        }

        output.ResetWrittenCount();
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var attribute in attributes)
        {
            ChariotJson.Wrap(attribute, output);
        }

        var perLine = (GC.GetAllocatedBytesForCurrentThread() - before) / attributes.Length;

        // Each parent's JSON (about 900 bytes) is written over the last one's; keys are written from their parts.
        Assert.True(perLine < 64, $"{perLine} bytes allocated per attribute line");
        Assert.Equal(string.Concat(attributes.Select(ChariotJson.Wrap)), Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
