using System.Globalization;
using System.Text.Json;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Machines;
using Chariot.Capabilities.Defender.Testing.OData;
using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Vulnerabilities;

/// <summary><c>GET /api/vulnerabilities</c>: the CVE catalogue, <c>$top</c> up to 8,000, <c>$skip</c>, <c>$filter</c>, nextLink.</summary>
internal sealed class CatalogueEndpoint
{
    private const int MaxTop = 8_000;
    private static readonly FilterSchema Schema = new("id", "name", "severity", "updatedOn", "publishedOn", "cvssV3", "exposedMachines", "publicExploit");
    private readonly TenantData _data;
    private readonly int? _pageLimit;

    public CatalogueEndpoint(TenantData data, int? pageLimit)
    {
        _data = data;
        _pageLimit = pageLimit;
    }

    public FakeResponse Handle(RequestContext context)
    {
        var request = context.Request;
        var (top, skip, pagingError) = Paging.ReadTopSkip(request, MaxTop, long.MaxValue);
        if (pagingError is not null)
        {
            return MdeErrors.InvalidRequestBody(pagingError);
        }

        var filterText = request.QueryValue("$filter");
        var page = new List<FakeCve>();
        var hasMore = false;
        try
        {
            var filter = string.IsNullOrWhiteSpace(filterText) ? null : FilterParser.Parse(filterText, Schema);
            var pageSize = Math.Min(top ?? MaxTop, _pageLimit ?? MaxTop);
            var seen = 0L;
            for (long index = 0; index < _data.Cves.Count && !hasMore; index++)
            {
                var cve = _data.Cves.Get(index);
                if (!FilterEvaluator.Matches(filter, Resolver(cve)))
                {
                    continue;
                }

                if (seen++ < (skip ?? 0))
                {
                    continue;
                }

                if (page.Count < pageSize)
                {
                    page.Add(cve);
                }
                else
                {
                    hasMore = true;
                }
            }
        }
        catch (FilterSyntaxException exception)
        {
            return MdeErrors.InvalidInput(exception.Message);
        }

        var nextLink = hasMore
            ? context.NextLink("/api/vulnerabilities" + QueryString.Build(
                ("$filter", filterText),
                ("$top", (top ?? MaxTop).ToString(CultureInfo.InvariantCulture)),
                ("$skip", ((skip ?? 0) + page.Count).ToString(CultureInfo.InvariantCulture))))
            : null;
        var metadata = context.ServiceRoot + "/api/$metadata#Vulnerabilities";
        return ODataPage.Response(metadata, page, ODataPage.WriteModel, nextLink);
    }

    private static Func<string, object?> Resolver(FakeCve cve) => field => field.ToLowerInvariant() switch
    {
        "id" => cve.Id,
        "name" => cve.Name,
        "severity" => cve.Severity,
        "updatedon" => cve.UpdatedOn,
        "publishedon" => cve.PublishedOn,
        "cvssv3" => cve.CvssV3,
        "exposedmachines" => cve.ExposedMachines,
        "publicexploit" => cve.PublicExploit,
        _ => throw new FilterSyntaxException($"Invalid filter clause: the property '{field}' is not supported in $filter."),
    };
}
