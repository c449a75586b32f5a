using System.Globalization;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Machines;
using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Vulnerabilities;

/// <summary>
/// <c>GET /api/machines/SoftwareVulnerabilitiesByMachine</c>: <c>pageSize</c> (default 50,000, max 200,000) rows per
/// page, generated row by row while the body is written, so a 200 MB page never exists in memory. The nextLink
/// comes last, as in Microsoft's example, because it is known only once the page is written.
/// </summary>
internal sealed class ByMachineEndpoint
{
    private const int DefaultPageSize = 50_000;
    private const int MaxPageSize = 200_000;
    private const string Path = "/api/machines/SoftwareVulnerabilitiesByMachine";
    private readonly TenantData _data;
    private readonly int? _pageLimit;

    public ByMachineEndpoint(TenantData data, int? pageLimit)
    {
        _data = data;
        _pageLimit = pageLimit;
    }

    public FakeResponse Handle(RequestContext context)
    {
        var (pageSize, start, pagingError) = SkipToken.ReadPaging(context.Request, MaxPageSize);
        if (pagingError is not null)
        {
            return pagingError;
        }

        var size = (int)Math.Min(pageSize ?? DefaultPageSize, _pageLimit ?? MaxPageSize);
        var metadata = context.ServiceRoot + "/api/$metadata#Collection(microsoft.windowsDefenderATP.api.AssetVulnerability)";
        return FakeResponse.JsonStream(200, async (writer, cancellationToken) =>
        {
            writer.WriteStartObject();
            writer.WriteString("@odata.context", metadata);
            writer.WriteStartArray("value");
            var position = start;
            var written = 0;
            var end = _data.RowSpace;
            while (written < size && position < end)
            {
                if (_data.RowAt(position) is { } row)
                {
                    VulnerabilityRowWriter.Api.Write(writer, row);
                    written++;
                    await writer.FlushIfFullAsync(cancellationToken);
                }

                position++;
            }

            writer.WriteEndArray();
            if (position < end)
            {
                writer.WriteString("@odata.nextLink", context.NextLink(Path + QueryString.Build(
                    ("pagesize", size.ToString(CultureInfo.InvariantCulture)),
                    ("$skiptoken", SkipToken.Encode(position)))));
            }

            writer.WriteEndObject();
        });
    }
}
