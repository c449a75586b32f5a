using Chariot.Capabilities.Defender.Testing.Export;
using Chariot.Capabilities.Defender.Testing.Graph;
using Chariot.Capabilities.Defender.Testing.Hunting;
using Chariot.Capabilities.Defender.Testing.Identity;
using Chariot.Capabilities.Defender.Testing.Machines;
using Chariot.Capabilities.Defender.Testing.Software;
using Chariot.Capabilities.Defender.Testing.Vulnerabilities;

namespace Chariot.Capabilities.Defender.Testing.Routing;

/// <summary>A resolved route: the endpoint, who answers it, and the permission its token needs (null: no token).</summary>
internal sealed record Route(FakeEndpoint Endpoint, Func<RequestContext, FakeResponse> Handler, string? Permission);

/// <summary>Maps (role, method, path) to an endpoint. MDE paths compare case-insensitively, as the service does.</summary>
internal sealed class EndpointTable
{
    private static readonly Route Unknown = new(FakeEndpoint.Unknown, _ => FakeResponse.Empty(404), null);

    private readonly FakeDefenderTenantOptions _options;
    private readonly TokenEndpoint _token;
    private readonly AlertsEndpoint _alerts;
    private readonly MachinesEndpoint _machines;
    private readonly CatalogueEndpoint _catalogue;
    private readonly ByMachineEndpoint _byMachine;
    private readonly ChangesEndpoint _changes;
    private readonly ExportEndpoint _export;
    private readonly BlobEndpoint _blob;
    private readonly SoftwareInventoryEndpoint _software;
    private readonly HuntingEndpoint _hunting;
    private readonly ExportEndpoint _softwareExport;

    public EndpointTable(
        FakeDefenderTenantOptions options,
        TokenEndpoint token,
        AlertsEndpoint alerts,
        MachinesEndpoint machines,
        CatalogueEndpoint catalogue,
        ByMachineEndpoint byMachine,
        ChangesEndpoint changes,
        ExportEndpoint export,
        BlobEndpoint blob,
        SoftwareInventoryEndpoint software,
        ExportEndpoint softwareExport,
        HuntingEndpoint hunting)
    {
        _options = options;
        _token = token;
        _alerts = alerts;
        _machines = machines;
        _catalogue = catalogue;
        _byMachine = byMachine;
        _changes = changes;
        _export = export;
        _blob = blob;
        _software = software;
        _hunting = hunting;
        _softwareExport = softwareExport;
    }

    public Route Resolve(FakeRequest request)
    {
        var segments = request.Path.Trim('/').Split('/');
        return request.Role switch
        {
            HostRole.Authority => ResolveAuthority(request, segments),
            HostRole.Graph when request.Method == "GET" && request.Path.TrimEnd('/') == "/v1.0/security/alerts_v2" =>
                new Route(FakeEndpoint.GraphAlerts, _alerts.Handle, FakePermissions.SecurityAlertReadAll),
            HostRole.Graph when request.Method == "POST" && request.Path.TrimEnd('/').Equals("/v1.0/security/runHuntingQuery", StringComparison.OrdinalIgnoreCase) =>
                new Route(FakeEndpoint.GraphHunting, _hunting.Handle, FakePermissions.ThreatHuntingReadAll),
            HostRole.Defender when request.Method == "GET" => ResolveDefender(segments),
            HostRole.Blob when request.Method == "GET" => new Route(FakeEndpoint.ExportBlob, _blob.Handle, null),
            _ => Unknown,
        };
    }

    private Route ResolveAuthority(FakeRequest request, string[] segments) => (request.Method, segments) switch
    {
        ("POST", [var tenant, "oauth2", "v2.0", "token"]) =>
            new Route(FakeEndpoint.Token, context => _token.Handle(context.Request, tenant, context.Now), null),
        ("GET", [var tenant, "v2.0", ".well-known", "openid-configuration"]) =>
            new Route(FakeEndpoint.OpenIdConfiguration, context => DiscoveryEndpoints.OpenIdConfiguration(context.Request, tenant, _options.TenantId, _options.Cloud), null),
        ("GET", ["common", "discovery", "instance"]) =>
            new Route(FakeEndpoint.InstanceDiscovery, context => DiscoveryEndpoints.InstanceDiscovery(context.Request), null),
        _ => Unknown,
    };

    private Route ResolveDefender(string[] segments)
    {
        if (segments is not ["api", .. var rest] || rest.Length == 0)
        {
            return Unknown;
        }

        var first = rest[0].ToLowerInvariant();
        var second = rest.Length > 1 ? rest[1] : null;
        if (first == "vulnerabilities" && rest.Length == 1)
        {
            return new Route(FakeEndpoint.Vulnerabilities, _catalogue.Handle, FakePermissions.VulnerabilityReadAll);
        }

        if (first == "machines" && rest.Length == 3 && string.Equals(rest[2], "vulnerabilities", StringComparison.OrdinalIgnoreCase))
        {
            var id = rest[1];
            return new Route(FakeEndpoint.MachineVulnerabilities, context => _machines.Vulnerabilities(context, id), FakePermissions.VulnerabilityReadAll);
        }

        if (first != "machines" || rest.Length > 2)
        {
            return Unknown;
        }

        if (second is null)
        {
            return new Route(FakeEndpoint.Machines, _machines.List, FakePermissions.MachineReadAll);
        }

        return second.ToLowerInvariant() switch
        {
            "softwarevulnerabilitiesbymachine" => new Route(FakeEndpoint.SoftwareVulnerabilitiesByMachine, _byMachine.Handle, FakePermissions.VulnerabilityReadAll),
            "softwarevulnerabilitiesexport" => new Route(FakeEndpoint.SoftwareVulnerabilitiesExport, _export.Handle, FakePermissions.VulnerabilityReadAll),
            "softwareinventorybymachine" => new Route(FakeEndpoint.SoftwareInventoryByMachine, _software.Handle, FakePermissions.SoftwareReadAll),
            "softwareinventoryexport" => new Route(FakeEndpoint.SoftwareInventoryExport, _softwareExport.Handle, FakePermissions.SoftwareReadAll),
            "softwarevulnerabilitychangesbymachine" => new Route(FakeEndpoint.SoftwareVulnerabilityChangesByMachine, _changes.Handle, FakePermissions.VulnerabilityReadAll),
            var call when call.StartsWith("findbyip(", StringComparison.Ordinal) && call.EndsWith(')') =>
                new Route(FakeEndpoint.MachinesFindByIp, context => _machines.FindByIp(context, second["findbyip(".Length..^1]), FakePermissions.MachineReadAll),
            _ => new Route(FakeEndpoint.MachineById, context => _machines.ById(context, second), FakePermissions.MachineReadAll),
        };
    }
}
