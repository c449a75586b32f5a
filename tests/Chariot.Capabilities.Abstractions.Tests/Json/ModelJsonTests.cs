using System.Text.Json;
using System.Text.Json.Nodes;
using Chariot.Capabilities.Json;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Tests.Json;

public sealed class ModelJsonTests
{
    private static readonly DateTimeOffset Seen = new(2024, 7, 31, 1, 55, 47, TimeSpan.Zero);

    private static JsonObject ModelOf(ChariotModel model)
    {
        var line = JsonNode.Parse(ChariotJson.Wrap(model))!.AsObject();
        return line["model"]!.AsObject();
    }

    private static string[] Names(JsonObject json) => json.Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Timestamps_are_written_in_utc_to_the_second_and_unset_ones_as_an_empty_string()
    {
        var local = new DateTimeOffset(2024, 12, 31, 23, 59, 59, 987, TimeSpan.FromHours(-5));
        var asset = new Asset("mymachine1.contoso.com", "mymachine1.contoso.com") { Created = local, Visited = null };

        var json = ModelOf(asset);

        Assert.Equal("2025-01-01T04:59:59Z", (string?)json["created"]);
        Assert.Equal("", (string?)json["visited"]);
        Assert.Equal(ChariotTimestampConverter.ToChariot(local), (string?)json["created"]);
    }

    [Fact]
    public void A_timestamp_written_right_after_another_is_its_own_second_whatever_the_offset_or_the_one_before()
    {
        // The writer keeps the last second it formatted: a change of second, of offset or of milliseconds alone must show.
        DateTimeOffset[] instants =
        [
            Seen, Seen.AddMilliseconds(999), Seen.AddSeconds(1), Seen.AddSeconds(1).ToOffset(TimeSpan.FromHours(9)),
            Seen.AddTicks(-1), Seen.AddDays(-400), new(2024, 12, 31, 23, 59, 59, 987, TimeSpan.FromHours(-5)), Seen,
            DateTimeOffset.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.UnixEpoch,
        ];

        foreach (var instant in instants)
        {
            var json = ModelOf(new Asset("a.contoso.com", "a.contoso.com") { Created = instant, Visited = Seen });

            Assert.Equal(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), (string?)json["created"]);
            Assert.Equal("2024-07-31T01:55:47Z", (string?)json["visited"]);
        }
    }

    [Fact]
    public void Asset_json_uses_tabularium_names()
    {
        var asset = new Asset("mymachine1.contoso.com", "172.17.230.209")
        {
            Username = "user@example.com", Created = Seen, Visited = Seen, Ttl = 1722400000, CloudId = "1e5bc9d7", CloudService = "defender",
            Tags = ["test tag 1"],
        };

        var json = ModelOf(asset);

        Assert.Equal(
            ["asname", "asnumber", "class", "cloudId", "cloudService", "created", "dns", "group", "identifier", "isApplication", "isCloud", "isExternal", "isInternal", "isRepository", "key", "name", "origin", "private", "source", "status", "tags", "ttl", "username", "visited"],
            Names(json));
        Assert.Equal("#asset#mymachine1.contoso.com#172.17.230.209", (string?)json["key"]);
        Assert.Equal("2024-07-31T01:55:47Z", (string?)json["created"]);
        Assert.Equal("A", (string?)json["status"]);
        Assert.Equal("self", (string?)json["source"]);
        Assert.Equal("ipv4", (string?)json["class"]);
        Assert.True((bool)json["private"]!);
    }

    [Fact]
    public void Risk_json_uses_tabularium_names()
    {
        var risk = new Risk("mymachine1.contoso.com", "cve-2024-7256", RiskStatus.Triage(Severity.High)) { Created = Seen, Updated = Seen, Visited = Seen };

        var json = ModelOf(risk);

        Assert.Equal(
            ["created", "dns", "guid", "isApplication", "isCloud", "isExternal", "isInternal", "isRepository", "key", "name", "plextracid", "priority", "proofUniquenessID", "source", "status", "title", "ttl", "updated", "username", "visited"],
            Names(json));
        Assert.Equal("TH", (string?)json["status"]);
        Assert.Equal(10, (int)json["priority"]!);
        Assert.Equal("CVE-2024-7256", (string?)json["name"]);
        Assert.Equal("provided", (string?)json["source"]);
    }

    [Fact]
    public void Attribute_json_wraps_its_parent()
    {
        var attribute = new ChariotAttribute("osPlatform", "Windows10", new Asset("h.contoso.com", "10.0.0.1"));

        var json = ModelOf(attribute);

        Assert.Equal(["created", "key", "name", "origin_source", "parent", "source", "status", "ttl", "username", "value", "visited"], Names(json));
        Assert.Equal("asset", (string?)json["parent"]!["type"]);
        Assert.Equal("#asset#h.contoso.com#10.0.0.1", (string?)json["parent"]!["model"]!["key"]);
    }

    public static TheoryData<ChariotModel> Models => new()
    {
        new Asset("mymachine1.contoso.com", "172.17.230.209") { Created = Seen, Visited = Seen, Ttl = 5, CloudId = "id", Tags = ["a", "b"], Comment = "c" },
        new Asset("github", "github.com/x") { Source = ModelSource.Account, Status = AssetStatus.Pending },
        new Risk("h.contoso.com", "Suspicious execution of hidden file", RiskStatus.Parse("DLF")) { Updated = Seen, Tags = ["t"], Comment = "fp" },
        new ChariotAttribute("mitre", "T1564.001", new Risk("h", "alert", RiskStatus.Triage(Severity.Low))) { Metadata = new Dictionary<string, string> { ["k"] = "v" } },
        new ChariotFile("definitions/CVE-2024-7256") { Bytes = "#### Impact\nbad\n"u8.ToArray(), Updated = Seen },
        new Integration("defender", "contoso.onmicrosoft.com") { Created = Seen },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_model_round_trips_through_its_wrapper(ChariotModel model)
    {
        var line = ChariotJson.Wrap(model);

        var back = ChariotJson.Unwrap(line);

        Assert.Equal(model.GetType(), back.GetType());
        Assert.Equal(model.Key, back.Key);
        Assert.Equal(line, ChariotJson.Wrap(back));
        Assert.StartsWith($"{{\"type\":\"{model.TypeName}\",\"model\":{{", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void Wrapper_type_can_come_from_the_model_key_as_in_tabularium()
    {
        var model = ChariotJson.Unwrap("""{"model":{"key":"#asset#example.com#example.com","dns":"example.com","name":"example.com"}}""");

        var asset = Assert.IsType<Asset>(model);
        Assert.Equal("tld", asset.Class);
    }

    [Theory]
    [InlineData("""{"type":"seed","model":{}}""", "Unknown model type 'seed'")]
    [InlineData("""{"model":{"dns":"x"}}""", "needs a \"type\"")]
    [InlineData("""{"type":"risk","model":{"dns":"h","name":"n","status":"ZZ"}}""", "'ZZ' is not a risk status")]
    [InlineData("""[1]""", "JSON object")]
    public void Bad_wrappers_fail_with_a_message_that_says_what_to_fix(string json, string expected)
    {
        var error = Assert.Throws<JsonException>(() => ChariotJson.Unwrap(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_ascii_text_stays_readable_in_json()
    {
        // Host names become Punycode (tabularium's IDNA hook); other text keeps its characters, unescaped.
        var line = ChariotJson.Wrap(new ChariotAttribute("owner", "Jörg Müller", new Asset("poste-é.contoso.com", "10.0.0.1")));

        Assert.Contains("\"value\":\"Jörg Müller\"", line, StringComparison.Ordinal);
        Assert.Contains("\"dns\":\"xn--poste--gva.contoso.com\"", line, StringComparison.Ordinal);
    }
}
