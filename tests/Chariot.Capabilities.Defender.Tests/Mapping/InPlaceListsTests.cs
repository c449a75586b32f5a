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
          {"@odata.type":"#microsoft.graph.security.processEvidence","processCommandLine":"powershell -enc \u0041BC \"x\"",
           "fileDetails":{"fileName":"p.exe","filePath":"C:\\Windows","sha256":"ab","sha1":"cd","fileSize":12,"signer":null},
           "userAccount":{"accountName":"bob","domainName":"CONTOSO","userSid":"S-1-5"},"imageFile":{"fileName":"skip"}},
          {"@odata.type":"#microsoft.graph.security.ipEvidence","ipAddress":"203.0.113.5","ipAddress":"203.0.113.6","countryLetterCode":"US"},
          {"@odata.type":"#microsoft.graph.security.urlEvidence","url":"https://evil.example/a?b=c","fileDetails":null,"userAccount":null,"ipInterfaces":null},
          {}
        ]
        """;

    private static GraphAlert ReadAlert(string evidence) =>
        JsonSerializer.Deserialize("{\"id\":\"a1\",\"mitreTechniques\":[\"T1059.001\",null],\"evidence\":" + evidence + "}", DefenderJson.Default.GraphAlert)!;

    // The built-in reading of the same array (the in-place converter is on the alert's property only).
    private static IReadOnlyList<GraphEvidence> ReadBuiltIn(string evidence) =>
        JsonSerializer.Deserialize(evidence, DefenderJson.Default.IReadOnlyListGraphEvidence)!;

    private static string Written(IReadOnlyList<GraphEvidence> evidence) =>
        JsonSerializer.Serialize(evidence, DefenderJson.Default.IReadOnlyListGraphEvidence);

    [Fact]
    public void Evidence_is_read_in_place_to_the_same_values_as_the_built_in_reading()
    {
        var inPlace = ReadAlert(Evidence).Evidence!;
        var builtIn = ReadBuiltIn(Evidence);

        Assert.Equal(Written(builtIn), Written(inPlace));
        Assert.Equal(6, inPlace.Count);
        Assert.Null(inPlace[1]);
        Assert.Equal("pc-1.contoso.com", inPlace[0].DeviceDnsName);
        Assert.Equal(["10.0.0.1", null!, "fe80::1"], inPlace[0].IpInterfaces!);
        Assert.Equal("powershell -enc ABC \"x\"", inPlace[2].ProcessCommandLine);
        Assert.Equal(("p.exe", @"C:\Windows", "ab"), (inPlace[2].FileDetails!.FileName, inPlace[2].FileDetails!.FilePath, inPlace[2].FileDetails!.Sha256));
        Assert.Equal(("bob", "CONTOSO"), (inPlace[2].UserAccount!.AccountName, inPlace[2].UserAccount!.DomainName));
        Assert.Equal("203.0.113.6", inPlace[3].IpAddress);
        Assert.Null(inPlace[4].FileDetails);
        Assert.Null(inPlace[5].ODataType);
    }

    [Fact]
    public void Techniques_are_read_with_their_null_elements()
    {
        Assert.Equal(["T1059.001", null!], ReadAlert("[]").MitreTechniques!);
    }

    [Fact]
    public void An_alert_written_out_reads_back_with_the_same_evidence()
    {
        var alert = ReadAlert(Evidence);

        var back = JsonSerializer.Deserialize(JsonSerializer.Serialize(alert, DefenderJson.Default.GraphAlert), DefenderJson.Default.GraphAlert)!;

        Assert.Equal(Written(alert.Evidence!), Written(back.Evidence!));
        Assert.Equal(alert.MitreTechniques!, back.MitreTechniques!);
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
        Assert.Throws<JsonException>(() => ReadBuiltIn(evidence));
        Assert.Throws<JsonException>(() => ReadAlert(evidence));
    }

    [Fact]
    public void Absent_and_null_evidence_read_as_none()
    {
        Assert.Null(ReadAlert("null").Evidence);
        Assert.Empty(ReadAlert("[]").Evidence!);
    }
}
