using System.Globalization;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Testing.Machines;
using Chariot.Capabilities.Defender.Testing.Routing;

namespace Chariot.Capabilities.Defender.Testing.Export;

/// <summary>
/// <c>GET /api/machines/SoftwareVulnerabilitiesExport</c> (folder <c>VaExport</c>) and <c>SoftwareInventoryExport</c>
/// (folder <c>SoftwareInventory</c>, as Microsoft's example links name it): answers with SAS links to gzip JSON-lines
/// files on the blob host, valid for <c>sasValidHours</c> (1 to 6, default 1). The files are produced when downloaded,
/// each from its share of the tenant's vulnerability rows (the software export writes each device's software once).
/// </summary>
internal sealed class ExportEndpoint
{
    private readonly TenantData _data;
    private readonly SasSigner _signer;
    private readonly string _tenantId;
    private readonly int _rowsPerFile;

    public ExportEndpoint(TenantData data, SasSigner signer, string tenantId, int rowsPerFile, string folder)
    {
        _data = data;
        _signer = signer;
        _tenantId = tenantId;
        _rowsPerFile = rowsPerFile;
        Folder = folder;
    }

    public const string Vulnerabilities = "VaExport";

    public const string Software = "SoftwareInventory";

    /// <summary>The folder of the export's files: what the blob host tells the exports apart by.</summary>
    public string Folder { get; }

    public int FileCount => (int)Math.Max(1, (_data.RowSpace + _rowsPerFile - 1) / _rowsPerFile);

    public string ExportId => new Guid((int)(_data.GeneratedAt.Ticks & 0x7FFFFFFF), 0x1dba, 0x4e21, 0x9b, 0x8d, 0x1c, 0x2a, 0x3f, 0x4b, 0x5c, 0x6d).ToString();

    public FakeResponse Handle(RequestContext context)
    {
        var (hours, hoursError) = Paging.ReadLong(context.Request, "sasValidHours", 1, 6);
        if (hoursError is not null)
        {
            return MdeErrors.InvalidInput(hoursError);
        }

        var generated = context.Now;
        var (start, expiry) = context.Fault?.Kind == FaultKind.ExpiredExportUrl
            ? (generated.AddHours(-2), generated.AddMinutes(-1))
            : (generated.AddMinutes(-5), generated.AddHours(hours ?? 1));
        var blobRoot = context.Request.Addresses.Blob.GetLeftPart(UriPartial.Authority);
        var urls = Enumerable.Range(0, FileCount).Select(file =>
        {
            var path = BlobPath(generated, file);
            return blobRoot + path + _signer.Query(path, start, expiry);
        }).ToList();
        var metadata = context.ServiceRoot + "/api/$metadata#microsoft.windowsDefenderATP.api.ExportFilesResponse";
        return FakeResponse.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("@odata.context", metadata);
            writer.WriteStartArray("exportFiles");
            foreach (var url in urls)
            {
                writer.WriteStringValue(url);
            }

            writer.WriteEndArray();
            writer.WriteString("generatedTime", generated.ToMicrosoftTimestamp());
            writer.WriteEndObject();
        });
    }

    public string BlobPath(DateTimeOffset generated, int file) => string.Create(
        CultureInfo.InvariantCulture,
        $"/tvm-export/{generated.UtcDateTime:yyyy-MM-dd}/{generated.UtcDateTime:HHmm}/{Folder}/json/OrgId={_tenantId}/part-{file:D5}-{ExportId}.c000.json.gz");

    public (long First, long End) RowsOfFile(int file) =>
        ((long)file * _rowsPerFile, Math.Min(_data.RowSpace, ((long)file + 1) * _rowsPerFile));
}
