using System.Text.Json.Nodes;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Tests.Support;

namespace Chariot.Capabilities.Defender.Testing.Tests;

public sealed class DocumentedExamplesTests
{
    [Fact]
    public void Embedded_documented_bodies_are_byte_identical_to_the_shared_reference()
    {
        var directory = Payloads.Directory;
        if (directory is null)
        {
            return; // shared/reference/payloads is not beside this clone: nothing to compare with.
        }

        var embedded = DocumentedTenant.EmbeddedFileNames();

        Assert.Equal(System.IO.Directory.GetFiles(directory!, "*.json").Select(Path.GetFileName).Order(), embedded.Order());
        foreach (var name in embedded)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(directory!, name)), DocumentedTenant.ReadEmbedded(name));
        }
    }

    [Theory]
    [InlineData("https://graph.microsoft.com/v1.0/security/alerts_v2", TestTenant.Graph, DocumentedTenant.AlertsFile)]
    [InlineData("https://api.security.microsoft.com/api/machines", TestTenant.Defender, DocumentedTenant.MachinesFile)]
    [InlineData("https://api.securitycenter.microsoft.com/api/vulnerabilities", TestTenant.Defender, DocumentedTenant.VulnerabilitiesFile)]
    [InlineData("https://api.securitycenter.microsoft.com/api/machines/SoftwareVulnerabilitiesByMachine", TestTenant.Defender, DocumentedTenant.ByMachineFile)]
    public async Task Documented_tenant_serves_the_documented_values_verbatim(string url, string resource, string file)
    {
        using var t = TestTenant.Documented();
        var token = await t.TokenAsync(resource);

        var (response, body) = await t.GetJsonAsync(url, token);
        var served = JsonNode.Parse(body.GetRawText())!["value"];
        var documented = JsonNode.Parse(DocumentedTenant.ReadEmbedded(file))!["value"];

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(JsonNode.DeepEquals(documented, served), $"served:\n{served}\n\ndocumented:\n{documented}");
    }

    [Fact]
    public async Task Documented_tenant_loads_from_the_shared_payloads_folder_too()
    {
        var directory = Payloads.Directory;
        if (directory is null)
        {
            return; // shared/reference/payloads is not beside this clone: nothing to compare with.
        }

        var tenant = FakeDefenderTenant.FromDocumentedExamplesDirectory(directory!);

        Assert.Equal(1, tenant.MachineCount);
        Assert.Equal("da637551227677560813_-961444813", Assert.Single(tenant.Alerts).Id);
        Assert.Null(tenant.VulnerabilityRow(0)!.CveId);
    }
}
