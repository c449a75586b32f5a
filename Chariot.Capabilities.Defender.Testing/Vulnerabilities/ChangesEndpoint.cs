using System.Globalization;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Machines;
using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Vulnerabilities;

/// <summary>
/// <c>GET /api/machines/SoftwareVulnerabilityChangesByMachine?sinceTime=</c>: the New / Fixed / Updated events
/// since a time at most 14 days back, oldest first, paged like the by-machine rows.
/// </summary>
internal sealed class ChangesEndpoint
{
    private static readonly TimeSpan MaxLookBack = TimeSpan.FromDays(14);
    private readonly TenantData _data;
    private readonly int? _pageLimit;

    public ChangesEndpoint(TenantData data, int? pageLimit)
    {
        _data = data;
        _pageLimit = pageLimit;
    }

    public FakeResponse Handle(RequestContext context)
    {
        var request = context.Request;
        var sinceText = request.QueryValue("sinceTime");
        if (sinceText is null ||
            !DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var since))
        {
            return MdeErrors.InvalidInput("sinceTime is required: an ISO 8601 time at most 14 days ago.");
        }

        if (since < context.Now - MaxLookBack)
        {
            return MdeErrors.InvalidInput("sinceTime must be within the last 14 days.");
        }

        var (size, start, pagingError) = RowPages.Page(request, _pageLimit);
        if (pagingError is not null)
        {
            return pagingError;
        }

        var changes = _data.Changes.Where(change => change.EventTimestamp >= since).OrderBy(change => change.EventTimestamp).ToList();
        var page = changes.Skip((int)Math.Min(start, changes.Count)).Take(size).ToList();
        var next = start + page.Count;
        var nextLink = next < changes.Count
            ? context.NextLink("/api/machines/SoftwareVulnerabilityChangesByMachine" + QueryString.Build(
                ("sinceTime", sinceText),
                ("pageSize", size.ToString(CultureInfo.InvariantCulture)),
                ("$skiptoken", SkipToken.Encode(next))))
            : null;
        var metadata = context.ServiceRoot + "/api/$metadata#Collection(microsoft.windowsDefenderATP.api.DeltaAssetVulnerability)";
        return ODataPage.Response(metadata, page, (writer, change) => VulnerabilityRowWriter.Api.Write(writer, change.Row, change), nextLink);
    }
}
