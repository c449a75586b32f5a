using System.Text;
using System.Text.Json;
using Chariot.Capabilities.Defender.Alerts;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Devices;

namespace Chariot.Capabilities.Defender.Tests.Mapping;

/// <summary>Found by the fuzz test (DocumentedBodyFuzzTests): a null in a list of objects threw out of the mapping, failing the sync.</summary>
public sealed class NullElementsTests
{
    [Fact]
    public void A_null_evidence_item_is_passed_over_and_the_alert_maps_on_its_device()
    {
        // Seed 200349: "evidence":[..., null, ...] threw a NullReferenceException out of the alert sync.
        var alert = JsonSerializer.Deserialize("""
            {"id":"a1","title":"Suspicious thing","lastUpdateDateTime":"2021-05-02T14:19:01Z","evidence":[
              null,
              {"@odata.type":"#microsoft.graph.security.deviceEvidence","deviceDnsName":"pc1.contoso.com","mdeDeviceId":"m1","verdict":"unknown"},
              null]}
            """, DefenderJson.Default.GraphAlert)!;

        var mapped = AlertToRisk.Map(alert, new DeviceDirectory(), "contoso.onmicrosoft.com", out var problem);

        Assert.Null(problem);
        Assert.Equal("pc1.contoso.com", mapped!.Risk.Dns);
        var proof = Encoding.UTF8.GetString(mapped.Proof.Bytes.Span);
        Assert.Contains("- deviceEvidence: pc1.contoso.com (m1)", proof, StringComparison.Ordinal);
        Assert.Single(proof.Split('\n'), line => line.StartsWith("- ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_null_interface_is_passed_over_and_the_machine_maps_with_the_others()
    {
        // Seed 100187: "ipAddresses":[null, {...}] threw a NullReferenceException out of the device sync.
        var machine = JsonSerializer.Deserialize("""
            {"id":"m1","computerDnsName":"pc1.contoso.com","ipAddresses":[null,{"ipAddress":"10.0.0.7"},null,{"ipAddress":"fe80::1"}]}
            """, DefenderJson.Default.Machine)!;

        var mapped = MachineToAsset.Map(machine, "tenant", out var problem);

        Assert.Null(problem);
        Assert.Equal("10.0.0.7", mapped!.Value.Asset.Name);
        Assert.Equal(["fe80::1"], mapped.Value.Attributes.Where(a => a.Name == "ipAddress").Select(a => a.Value));
    }
}
