using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Vulnerabilities;

/// <summary><c>GET /api/machines/SoftwareVulnerabilitiesByMachine</c>: every current row, paged as <see cref="RowPages"/> pages.</summary>
internal sealed class ByMachineEndpoint(TenantData data, int? pageLimit)
{
    public FakeResponse Handle(RequestContext context) => RowPages.Respond(
        context,
        data,
        "/api/machines/SoftwareVulnerabilitiesByMachine",
        "microsoft.windowsDefenderATP.api.AssetVulnerability",
        pageLimit,
        () => static (writer, _, row) =>
        {
            VulnerabilityRowWriter.Api.Write(writer, row);
            return true;
        });
}
