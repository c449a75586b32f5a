using System.Globalization;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.OData;
using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Graph;

/// <summary>
/// Graph <c>GET /v1.0/security/alerts_v2</c>: <c>$filter</c>, <c>$top</c>, <c>$skip</c>, <c>$count</c>, newest first
/// (by createdDateTime, ties by id), and an <c>@odata.nextLink</c> carrying <c>$skip</c> while more remain.
/// </summary>
internal sealed class AlertsEndpoint
{
    private const int MaxTop = 2000;
    private readonly TenantData _data;
    private readonly int _defaultPageSize;

    public AlertsEndpoint(TenantData data, int defaultPageSize)
    {
        _data = data;
        _defaultPageSize = Math.Min(defaultPageSize, MaxTop);
    }

    public FakeResponse Handle(RequestContext context)
    {
        var request = context.Request;
        var (top, topError) = Paging.ReadLong(request, "$top", 1, MaxTop);
        var (skip, skipError) = Paging.ReadLong(request, "$skip", 0, int.MaxValue);
        if ((topError ?? skipError) is { } pagingError)
        {
            return GraphErrors.Response(400, "BadRequest", pagingError, context.Now);
        }

        var filterText = request.QueryValue("$filter");
        FilterExpression? filter;
        try
        {
            filter = string.IsNullOrWhiteSpace(filterText) ? null : FilterParser.Parse(filterText, AlertFilter.Schema);
        }
        catch (FilterSyntaxException exception)
        {
            return GraphErrors.Response(400, "BadRequest", exception.Message, context.Now);
        }

        List<StoredAlert> matching;
        try
        {
            matching = [.. _data.Alerts
                .Where(stored => FilterEvaluator.Matches(filter, AlertFilter.Resolver(stored.Alert)))
                .OrderByDescending(stored => stored.Alert.CreatedDateTime)
                .ThenBy(stored => stored.Alert.Id, StringComparer.Ordinal)];
        }
        catch (FilterSyntaxException exception)
        {
            return GraphErrors.Response(400, "BadRequest", exception.Message, context.Now);
        }

        var pageSize = (int)(top ?? _defaultPageSize);
        var start = (int)Math.Min(skip ?? 0, matching.Count);
        var page = matching.Skip(start).Take(pageSize).ToList();
        var withCount = string.Equals(request.QueryValue("$count"), "true", StringComparison.OrdinalIgnoreCase);
        string? nextLink = null;
        if (start + page.Count < matching.Count)
        {
            nextLink = context.NextLink("/v1.0/security/alerts_v2" + QueryString.Build(
                ("$filter", filterText),
                ("$count", withCount ? "true" : null),
                ("$top", pageSize.ToString(CultureInfo.InvariantCulture)),
                ("$skip", (start + page.Count).ToString(CultureInfo.InvariantCulture))));
        }

        var metadata = context.ServiceRoot + "/v1.0/$metadata#security/alerts_v2";
        return FakeResponse.JsonStream(200, async (writer, cancellationToken) =>
        {
            writer.WriteStartObject();
            writer.WriteString("@odata.context", metadata);
            if (withCount)
            {
                writer.WriteNumber("@odata.count", matching.Count);
            }

            if (nextLink is not null)
            {
                writer.WriteString("@odata.nextLink", nextLink);
            }

            writer.WriteStartArray("value");
            foreach (var alert in page)
            {
                AlertJsonWriter.Write(writer, alert);
                await writer.FlushIfFullAsync(cancellationToken);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }
}
