using System.Globalization;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.OData;
using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Graph;

/// <summary>
/// Graph <c>GET /v1.0/security/alerts_v2</c>: <c>$filter</c>, <c>$top</c> (clamped), <c>$skip</c>, <c>$count</c> and
/// <c>$orderby</c>, each as <see cref="GraphAlertsBehaviour"/> says; newest first by default (by createdDateTime, ties
/// by id), and an <c>@odata.nextLink</c> carrying <c>$skip</c> while more remain, unless the behaviour gives none.
/// </summary>
internal sealed class AlertsEndpoint(TenantData data, GraphAlertsBehaviour behaviour)
{
    public FakeResponse Handle(RequestContext context)
    {
        var request = context.Request;
        var (top, skip, pagingError) = Paging.ReadTopSkip(request, int.MaxValue, int.MaxValue);
        if (pagingError is not null)
        {
            return GraphErrors.Response(400, "BadRequest", pagingError, context.Now);
        }

        var orderText = request.QueryValue("$orderby");
        var (order, orderError) = AlertOrder.Parse(orderText, behaviour.OrderBy);
        if (orderError is not null)
        {
            return GraphErrors.Response(400, "BadRequest", orderError, context.Now);
        }

        var filterText = request.QueryValue("$filter");
        List<StoredAlert> matching;
        try
        {
            var filter = string.IsNullOrWhiteSpace(filterText) ? null : FilterParser.Parse(filterText, AlertFilter.Schema);
            matching = [.. order.Sort(data.Alerts.Where(stored => FilterEvaluator.Matches(filter, AlertFilter.Resolver(stored.Alert))))];
        }
        catch (FilterSyntaxException exception)
        {
            return GraphErrors.Response(400, "BadRequest", exception.Message, context.Now);
        }

        var pageSize = (int)Math.Min(top ?? behaviour.DefaultPageSize, behaviour.MaxPageSize);
        var start = (int)Math.Min(skip ?? 0, matching.Count);
        var page = matching.GetRange(start, Math.Min(pageSize, matching.Count - start));
        var withCount = behaviour.AnswersCount && string.Equals(request.QueryValue("$count"), "true", StringComparison.OrdinalIgnoreCase);
        string? nextLink = null;
        if (behaviour.GivesNextLink && start + page.Count < matching.Count)
        {
            nextLink = context.NextLink("/v1.0/security/alerts_v2" + QueryString.Build(
                ("$filter", filterText),
                ("$orderby", orderText),
                ("$count", request.QueryValue("$count")),
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
