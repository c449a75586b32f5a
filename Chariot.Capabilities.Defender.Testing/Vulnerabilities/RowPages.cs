using System.Globalization;
using System.Text.Json;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Vulnerabilities;

/// <summary>
/// The paging of the listings over the tenant's rows (by-machine vulnerabilities, software inventory): <c>pageSize</c>
/// (default 50,000, max 200,000) items per page, written one by one while the body is written, so a 200 MB page never
/// exists in memory; the nextLink, with a <c>$skiptoken</c> at the next row, comes last, as in Microsoft's example,
/// because it is known only once the page is written.
/// </summary>
internal static class RowPages
{
    private const int DefaultPageSize = 50_000;
    private const int MaxPageSize = 200_000;

    /// <summary>
    /// The page a request asks for: its size (<c>pageSize</c>, default 50,000, at most 200,000, within a clamping
    /// service's limit) and the position its <c>$skiptoken</c> starts at; or the error a bad value gets.
    /// </summary>
    public static (int Size, long Start, FakeResponse? Error) Page(FakeRequest request, int? pageLimit)
    {
        var (pageSize, start, error) = SkipToken.ReadPaging(request, MaxPageSize);
        return ((int)Math.Min(pageSize ?? DefaultPageSize, pageLimit ?? MaxPageSize), start, error);
    }

    /// <param name="context">The request.</param>
    /// <param name="data">The tenant's rows.</param>
    /// <param name="path">The listing's path, for the nextLink.</param>
    /// <param name="entity">The OData entity of its items, for the context.</param>
    /// <param name="pageLimit">The most items a page holds whatever is asked (a clamping service), or null.</param>
    /// <param name="write">Writes the item of a row, or passes the row over (false); made for each page, so it may keep state.</param>
    public static FakeResponse Respond(RequestContext context, TenantData data, string path, string entity, int? pageLimit, Func<Func<Utf8JsonWriter, long, FakeVulnerabilityRow, bool>> write)
    {
        var (size, start, pagingError) = Page(context.Request, pageLimit);
        if (pagingError is not null)
        {
            return pagingError;
        }

        var metadata = context.ServiceRoot + "/api/$metadata#Collection(" + entity + ")";
        return FakeResponse.JsonStream(200, async (writer, cancellationToken) =>
        {
            var item = write();
            writer.WriteStartObject();
            writer.WriteString("@odata.context", metadata);
            writer.WriteStartArray("value");
            var position = start;
            var written = 0;
            var end = data.RowSpace;
            while (written < size && position < end)
            {
                if (data.RowAt(position) is { } row && item(writer, position, row))
                {
                    written++;
                    await writer.FlushIfFullAsync(cancellationToken);
                }

                position++;
            }

            writer.WriteEndArray();
            if (position < end)
            {
                writer.WriteString("@odata.nextLink", context.NextLink(path + QueryString.Build(
                    ("pageSize", size.ToString(CultureInfo.InvariantCulture)),
                    ("$skiptoken", SkipToken.Encode(position)))));
            }

            writer.WriteEndObject();
        });
    }
}
