using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.OData;
using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Machines;

/// <summary>
/// Defender <c>/api/machines</c>, <c>/api/machines/{id}</c> and <c>findbyip</c>. The list scans the (possibly lazy)
/// machine source and writes one page at a time: <c>$top</c> up to 10,000, <c>$skip</c>, nextLink, and 404 when
/// the tenant has no machines at all, as documented.
/// </summary>
internal sealed partial class MachinesEndpoint
{
    private const int MaxTop = 10_000;
    private static readonly TimeSpan FindByIpWindow = TimeSpan.FromMinutes(15);
    private readonly TenantData _data;
    private readonly int? _pageLimit;

    public MachinesEndpoint(TenantData data, int? pageLimit)
    {
        _data = data;
        _pageLimit = pageLimit;
    }

    public FakeResponse List(RequestContext context)
    {
        var request = context.Request;
        var (top, skip, pagingError) = Paging.ReadTopSkip(request, MaxTop, long.MaxValue);
        if (pagingError is not null)
        {
            return MdeErrors.InvalidRequestBody(pagingError);
        }

        var filterText = request.QueryValue("$filter");
        FilterExpression? filter;
        try
        {
            filter = string.IsNullOrWhiteSpace(filterText) ? null : FilterParser.Parse(filterText, MachineFilter.Schema);
        }
        catch (FilterSyntaxException exception)
        {
            return MdeErrors.InvalidInput(exception.Message);
        }

        if (_data.MachineSpace == 0)
        {
            return MdeErrors.NotFound("No recent machines were found in the tenant.");
        }

        var pageSize = (int)Math.Min(top ?? MaxTop, _pageLimit ?? MaxTop);
        var page = new List<FakeMachine>(Math.Min(pageSize, 1024));
        var matchedBefore = 0L;
        var hasMore = false;
        try
        {
            for (long index = 0; index < _data.MachineSpace; index++)
            {
                if (_data.MachineAt(index) is not { } machine || !FilterEvaluator.Matches(filter, MachineFilter.Resolver(machine)))
                {
                    continue;
                }

                if (matchedBefore < (skip ?? 0))
                {
                    matchedBefore++;
                }
                else if (page.Count < pageSize)
                {
                    page.Add(machine);
                }
                else
                {
                    hasMore = true;
                    break;
                }
            }
        }
        catch (FilterSyntaxException exception)
        {
            return MdeErrors.InvalidInput(exception.Message);
        }

        var nextLink = hasMore
            ? context.NextLink("/api/machines" + QueryString.Build(
                ("$filter", filterText),
                ("$top", pageSize.ToString(CultureInfo.InvariantCulture)),
                ("$skip", ((skip ?? 0) + page.Count).ToString(CultureInfo.InvariantCulture))))
            : null;
        return Page(context.ServiceRoot + "/api/$metadata#Machines", page, nextLink);
    }

    public FakeResponse ById(RequestContext context, string id)
    {
        var machine = _data.FindMachine(id);
        if (machine is null)
        {
            return MdeErrors.NotFound($"Machine {id} was not found");
        }

        var metadata = context.ServiceRoot + "/api/$metadata#Machines/$entity";
        return FakeResponse.Json(200, writer =>
        {
            var element = JsonSerializer.SerializeToElement(machine, TenantJson.Options);
            writer.WriteStartObject();
            writer.WriteString("@odata.context", metadata);
            foreach (var property in element.EnumerateObject())
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        });
    }

    /// <summary><c>/api/machines/{id}/vulnerabilities</c>: the CVEs the machine has now, one entity each, in one page.</summary>
    public FakeResponse Vulnerabilities(RequestContext context, string id)
    {
        if (_data.FindMachine(id) is null)
        {
            return MdeErrors.NotFound($"Machine {id} was not found");
        }

        var cves = _data.CurrentRowsOf(id)
            .Where(row => row.CveId is not null)
            .DistinctBy(row => row.CveId, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var metadata = context.ServiceRoot + "/api/$metadata#Collection(microsoft.windowsDefenderATP.api.PublicVulnerabilityDto)";
        return ODataPage.Response(metadata, cves, (writer, row) =>
        {
            writer.WriteStartObject();
            writer.WriteString("id", row.CveId);
            writer.WriteString("name", row.CveId);
            writer.WriteString("severity", row.VulnerabilitySeverityLevel);
            if (row.CvssScore is { } cvss)
            {
                writer.WriteNumber("cvssV3", cvss);
            }

            writer.WriteEndObject();
        }, null);
    }

    /// <summary><c>findbyip(ip='...',timestamp=...)</c>: machines seen with the address within 15 minutes of the time.</summary>
    public FakeResponse FindByIp(RequestContext context, string arguments)
    {
        var match = FindByIpArguments().Match(arguments);
        if (!match.Success ||
            !DateTimeOffset.TryParse(match.Groups["timestamp"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp))
        {
            return MdeErrors.InvalidInput("Expected findbyip(ip='{address}',timestamp={ISO 8601 time}).");
        }

        if (timestamp < context.Now.AddDays(-30))
        {
            return MdeErrors.InvalidInput("The timestamp must be within the last 30 days.");
        }

        var ip = match.Groups["ip"].Value;
        var found = new List<FakeMachine>();
        for (long index = 0; index < _data.MachineSpace; index++)
        {
            if (_data.MachineAt(index) is not { } machine)
            {
                continue;
            }

            var hasAddress = machine.LastIpAddress == ip || (machine.IpAddresses?.Any(address => address.IpAddress == ip) ?? false);
            if (hasAddress && timestamp >= machine.FirstSeen - FindByIpWindow && timestamp <= machine.LastSeen + FindByIpWindow)
            {
                found.Add(machine);
            }
        }

        return Page(context.ServiceRoot + "/api/$metadata#Machines", found, null);
    }

    private static FakeResponse Page(string metadata, List<FakeMachine> machines, string? nextLink) =>
        ODataPage.Response(metadata, machines, ODataPage.WriteModel, nextLink);

    [GeneratedRegex(@"^ip='(?<ip>[^']+)'\s*,\s*timestamp=(?<timestamp>[^)]+)$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex FindByIpArguments();
}
