using System.Globalization;
using System.Text;
using System.Text.Json;
using Chariot.Capabilities.Defender.Api.Dtos;

namespace Chariot.Capabilities.Defender.Tests.Mapping;

public sealed class AlertEvidenceReadingTests
{
    // Every field mapping reads, in odd cases and orders, nested values to skip, repeated names, nulls and escapes.
    private const string Evidence = """
        [
          {"@odata.type":"#microsoft.graph.security.deviceEvidence","firstSeenDateTime":"2026-11-01T10:00:00Z",
           "mdeDeviceId":"73e7e2de709dff64ef64b1d0c30e67fab63279db","DEVICEDNSNAME":"pc-1.contoso.com","verdict":"suspicious",
           "loggedOnUsers":[{"accountName":"ann","domainName":"CONTOSO"}],"vmMetadata":{"vmId":"x","cloudProvider":null},
           "ipInterfaces":["10.0.0.1",null,"fe80::1"],"tags":[],"riskScore":"high"},
          null,
          {"@odata.type":"#microsoft.graph.security.processEvidence","processCommandLine":" powershell -enc \u0041BC \"x\"\u00a0",
           "fileDetails":{"fileName":"p.exe","filePath":"C:\\Windows","sha256":"ab","sha1":"cd","fileSize":12,"signer":null},
           "userAccount":{"accountName":"bob","domainName":"CONTOSO","userSid":"S-1-5"},"imageFile":{"fileName":"skip"}},
          {"@odata.type":"#microsoft.graph.security.fileEvidence","fileDetails":{"fileName":"first.exe"},
           "fileDetails":{"filePath":"C:\\Temp","sha256":"ef"},"verdict":"malicious"},
          {"@odata.type":"#microsoft.graph.security.ipEvidence","ipAddress":"203.0.113.5","ipAddress":"203.0.113.6","countryLetterCode":"US"},
          {"@odata.type":"#microsoft.graph.security.urlEvidence","url":"https://evil.example/a?b=c","fileDetails":null,"userAccount":null,"ipInterfaces":null},
          {"@odata.type":"#microsoft.graph.security.userEvidence","userAccount":{"accountName":"j\u00e9r\u00f4me","domainName":null}},
          {"@odata.type":"#microsoft.graph.security.DeviceEvidence","mdeDeviceId":"second"},
          {}
        ]
        """;

    private static AlertEvidence? ReadAlert(string evidence) =>
        JsonSerializer.Deserialize("{\"id\":\"a1\",\"evidence\":" + evidence + "}", DefenderJson.Default.GraphAlert)!.Evidence;

    private static void AssertSameAsOracle(string evidence)
    {
        var expected = EvidenceOracle.Read(evidence);
        var read = ReadAlert(evidence)!;
        Assert.Equal(expected, (read.DeviceId, read.DeviceDnsName, Encoding.UTF8.GetString(read.Summary.Span)));
    }

    [Fact]
    public void Evidence_is_read_into_its_device_and_summary_lines()
    {
        var read = ReadAlert(Evidence)!;

        Assert.Equal(("73e7e2de709dff64ef64b1d0c30e67fab63279db", "pc-1.contoso.com"), (read.DeviceId, read.DeviceDnsName));
        Assert.Equal(
            """
            - deviceEvidence: pc-1.contoso.com (73e7e2de709dff64ef64b1d0c30e67fab63279db) 10.0.0.1  fe80::1 [suspicious]
            - processEvidence: powershell -enc ABC "x" []
            - fileEvidence: C:\Temp\ sha256 ef [malicious]
            - ipEvidence: 203.0.113.6 []
            - urlEvidence: https://evil.example/a?b=c []
            - userEvidence: \jérôme []
            - DeviceEvidence:  []
            - evidence:  []

            """.ReplaceLineEndings("\n"),
            Encoding.UTF8.GetString(read.Summary.Span));
        AssertSameAsOracle(Evidence);
    }

    [Theory]
    [InlineData("""[{"@odata.type":"#x.deviceEvidence","verdict":"unknown"},{"@odata.type":"#x.DEVICEEVIDENCE","deviceDnsName":""},{"@odata.type":"#x.deviceEvidence","mdeDeviceId":"m2"}]""")]
    [InlineData("""[{"@odata.type":"#x.deviceEvidence","mdeDeviceId":null,"deviceDnsName":"pc"},{"@odata.type":"#x.deviceEvidence","mdeDeviceId":"m2"}]""")]
    [InlineData("""[{"@odata.type":"#x.mailboxEvidence","deviceDnsName":"not-a-device"},{"@odata.type":"","url":" "},{"@odata.type":null}]""")]
    [InlineData("""[{"@odata.type":"#x.processEvidence","processCommandLine":"\u3000\t cmd /c \"a b\" \r\n"}, /* a comment */ {"url":"u"}]""")]
    [InlineData("""[{"@odata.type":"#x.deviceEvidence","deviceDnsName":"h","ipInterfaces":[null,null]},{"@odata.type":"#x.fileEvidence"}]""")]
    [InlineData("""[{"@odata.type":"#x.userEvidence","userAccount":{"accountName":"a"},"userAccount":{"domainName":"D"}}]""")]
    [InlineData("""[{"@odata.type":"#x.urlEvidence","url":"https://h/\ud83d\ude00?q=\"1\"\\"}]""")]
    public void Odd_evidence_reads_as_the_built_in_reading_and_first_summary_did(string evidence)
    {
        AssertSameAsOracle(evidence);
    }

    [Fact]
    public void Only_fifty_items_are_described_but_a_later_device_is_still_found()
    {
        var items = Enumerable.Range(0, 60).Select(i => i == 55
            ? """{"@odata.type":"#x.deviceEvidence","mdeDeviceId":"late"}"""
            : $$"""{"@odata.type":"#x.ipEvidence","ipAddress":"10.0.0.{{i}}"}""");
        var evidence = "[" + string.Join(",", items) + "]";

        var read = ReadAlert(evidence)!;

        Assert.Equal("late", read.DeviceId);
        Assert.Equal(50, Encoding.UTF8.GetString(read.Summary.Span).Count(c => c == '\n'));
        AssertSameAsOracle(evidence);
    }

    [Fact]
    public void Generated_evidence_reads_as_the_oracle_reads_it()
    {
        var random = new Random(20261205);
        string[] kinds = ["deviceEvidence", "fileEvidence", "processEvidence", "ipEvidence", "urlEvidence", "userEvidence", "mailboxEvidence", "DeviceEvidence"];
        string[] texts = ["a", " b ", "", "\\u00e9t\\u00e9", "x\\\"y", "\\t", "\\u00a0z", "C:\\\\Windows", "\\ud83d\\ude00"];
        string Text() => random.Next(6) == 0 ? "null" : "\"" + texts[random.Next(texts.Length)] + "\"";
        string Field(string name) => name switch
        {
            "ipInterfaces" => $"\"{name}\":" + (random.Next(4) == 0 ? "null" : "[" + string.Join(",", Enumerable.Range(0, random.Next(3)).Select(_ => Text())) + "]"),
            "fileDetails" => $"\"{name}\":" + (random.Next(4) == 0 ? "null" : $"{{\"fileName\":{Text()},\"filePath\":{Text()},\"SHA256\":{Text()},\"size\":1}}"),
            "userAccount" => $"\"{name}\":" + (random.Next(4) == 0 ? "null" : $"{{\"accountName\":{Text()},\"domainName\":{Text()}}}"),
            "@odata.type" => $"\"{name}\":" + (random.Next(8) == 0 ? "null" : $"\"#microsoft.graph.security.{kinds[random.Next(kinds.Length)]}\""),
            _ => $"\"{name}\":{Text()}",
        };
        string[] names = ["@odata.type", "deviceDnsName", "mdeDeviceId", "verdict", "ipAddress", "url", "processCommandLine", "ipInterfaces", "fileDetails", "userAccount", "other"];

        for (var n = 0; n < 300; n++)
        {
            var items = Enumerable.Range(0, random.Next(6)).Select(_ => random.Next(10) == 0
                ? "null"
                : "{" + string.Join(",", Enumerable.Range(0, random.Next(7)).Select(_ => Field(names[random.Next(names.Length)]))) + "}");
            var evidence = "[" + string.Join(",", items) + "]";
            var expected = EvidenceOracle.Read(evidence);
            var read = ReadAlert(evidence)!;
            Assert.True(
                expected == (read.DeviceId, read.DeviceDnsName, Encoding.UTF8.GetString(read.Summary.Span)),
                string.Create(CultureInfo.InvariantCulture, $"evidence {n}: {evidence}"));
        }
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("[[]]")]
    [InlineData("[{\"deviceDnsName\":5}]")]
    [InlineData("[{\"@odata.type\":{}}]")]
    [InlineData("[{\"url\":[]}]")]
    [InlineData("[{\"ipInterfaces\":\"10.0.0.1\"}]")]
    [InlineData("[{\"ipInterfaces\":[1]}]")]
    [InlineData("[{\"fileDetails\":\"p.exe\"}]")]
    [InlineData("[{\"fileDetails\":{\"sha256\":1}}]")]
    [InlineData("[{\"userAccount\":[]}]")]
    [InlineData("[{\"userAccount\":{\"accountName\":true}}]")]
    public void Evidence_of_the_wrong_shape_is_a_json_error_as_with_the_built_in_reading(string evidence)
    {
        Assert.Throws<JsonException>(() => EvidenceOracle.Read(evidence));
        Assert.Throws<JsonException>(() => ReadAlert(evidence));
    }

    [Theory]
    [InlineData("url")]
    [InlineData("deviceDnsName")]
    [InlineData("ipInterfaces")]
    public void Evidence_text_that_is_not_utf8_is_a_json_error_as_with_the_built_in_reading(string field)
    {
        var value = field == "ipInterfaces" ? "[\"a\uFFFDb\"]" : "\"a\uFFFDb\"";
        var json = Encoding.UTF8.GetBytes("{\"id\":\"a1\",\"evidence\":[{\"" + field + "\":" + value + "}]}");
        var bad = json.AsSpan().IndexOf("\uFFFD"u8);
        json = [.. json.AsSpan(0, bad), 0xFF, .. json.AsSpan(bad + 3)];

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json.AsSpan(json.AsSpan().IndexOf("[{"u8))[..^1], OracleJson.Default.IReadOnlyListOracleEvidence));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, DefenderJson.Default.GraphAlert));
    }

    [Fact]
    public void Absent_and_null_evidence_read_as_none()
    {
        Assert.Null(ReadAlert("null"));
        var empty = ReadAlert("[]")!;
        Assert.Equal((null, null, 0), (empty.DeviceId, empty.DeviceDnsName, empty.Summary.Length));
    }

    [Fact]
    public void Evidence_is_not_written_back()
    {
        var alert = new GraphAlert { Id = "a1", Evidence = new AlertEvidence(null, null, []) };

        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(alert, DefenderJson.Default.GraphAlert));
    }
}

public sealed class AlertEvidenceLifetimeTests
{
    [Fact]
    public void Evidence_given_back_cannot_be_read_so_a_proof_made_too_late_fails_instead_of_showing_other_lines()
    {
        var alert = JsonSerializer.Deserialize(
            """{"id":"a1","title":"Late proof","evidence":[{"@odata.type":"#x.ipEvidence","ipAddress":"203.0.113.5"}]}""",
            DefenderJson.Default.GraphAlert)!;
        var mapped = Alerts.AlertToRisk.Map(alert, new Devices.DeviceDirectory(), "contoso.onmicrosoft.com", out _)!;

        alert.Evidence!.Dispose();
        alert.Evidence.Dispose();

        Assert.Throws<ObjectDisposedException>(() => alert.Evidence.Summary);
        Assert.Throws<ObjectDisposedException>(() => mapped.Proof);
    }

    [Fact]
    public void A_proof_made_before_the_evidence_is_given_back_keeps_its_lines()
    {
        var alert = JsonSerializer.Deserialize(
            """{"id":"a1","title":"Proof first","evidence":[{"@odata.type":"#x.ipEvidence","ipAddress":"203.0.113.5"}]}""",
            DefenderJson.Default.GraphAlert)!;
        var mapped = Alerts.AlertToRisk.Map(alert, new Devices.DeviceDirectory(), "contoso.onmicrosoft.com", out _)!;
        var proof = mapped.Proof;

        alert.Evidence!.Dispose();

        Assert.EndsWith("Evidence:\n- ipEvidence: 203.0.113.5 []\n", Encoding.UTF8.GetString(proof.Bytes.Span), StringComparison.Ordinal);
        Assert.Same(proof, mapped.Proof);
    }
}
