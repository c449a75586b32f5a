using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Testing.Routing;
using Chariot.Capabilities.Defender.Testing.Vulnerabilities;

namespace Chariot.Capabilities.Defender.Testing.Export;

/// <summary>
/// The storage host behind export links. A SAS link must come without a bearer token (a client that sends its
/// MDE token along is refused, as Azure refuses two auth schemes at once); tampered links and expired links are
/// 403. The file is gzip JSON lines, compressed while it is sent.
/// </summary>
internal sealed partial class BlobEndpoint
{
    private readonly TenantData _data;
    private readonly SasSigner _signer;
    private readonly ExportEndpoint _vulnerabilities;
    private readonly ExportEndpoint _software;
    private readonly Software.SoftwareInventoryEndpoint _inventory;

    public BlobEndpoint(TenantData data, SasSigner signer, ExportEndpoint vulnerabilities, ExportEndpoint software, Software.SoftwareInventoryEndpoint inventory)
    {
        _data = data;
        _signer = signer;
        _vulnerabilities = vulnerabilities;
        _software = software;
        _inventory = inventory;
    }

    public FakeResponse Handle(RequestContext context)
    {
        var request = context.Request;
        if (request.Authorization is not null)
        {
            return BlobErrors.Response(400, "InvalidAuthenticationInfo", "Authentication information is not given in the correct format. Check the value of Authorization header.",
                "The request has both SAS authentication scheme and 'Bearer' authorization scheme. Only one scheme should be used.", context.Now);
        }

        var st = request.QueryValue("st");
        var se = request.QueryValue("se");
        if (!_signer.IsGenuine(request.Path, st, se, request.QueryValue("sig")))
        {
            return BlobErrors.Response(403, "AuthenticationFailed", "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.",
                "Signature did not match.", context.Now);
        }

        var expiry = DateTimeOffset.Parse(se!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        var start = DateTimeOffset.Parse(st!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        if (context.Now >= expiry || context.Now < start)
        {
            return BlobErrors.Response(403, "AuthenticationFailed", "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.",
                $"Signed expiry time [{expiry:R}] must be after signed start time [{start:R}] and current time [{context.Now:R}]: signature not valid in the specified time frame.", context.Now);
        }

        var match = FileNumber().Match(request.Path);
        var export = match.Success && match.Groups["folder"].Value == ExportEndpoint.Software ? _software : _vulnerabilities;
        if (!match.Success || int.Parse(match.Groups["file"].Value, CultureInfo.InvariantCulture) is var file && file >= export.FileCount)
        {
            return BlobErrors.Response(404, "BlobNotFound", "The specified blob does not exist.", null, context.Now);
        }

        var (first, end) = export.RowsOfFile(file);
        Func<Utf8JsonWriter, long, FakeVulnerabilityRow, bool> write = export == _software
            ? _inventory.RowWriter(Software.SoftwareInventoryEndpoint.Names.Pascal)
            : (writer, _, row) =>
            {
                VulnerabilityRowWriter.Export.Write(writer, row);
                return true;
            };
        var empty = context.Fault?.Kind == FaultKind.EmptyGzipFile;
        var response = new FakeResponse(200, "application/octet-stream", async (stream, cancellationToken) =>
        {
            await using var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
            if (!empty)
            {
                await WriteLinesAsync(gzip, first, end, write, cancellationToken);
            }
        });
        return response.WithHeader("x-ms-blob-type", "BlockBlob").WithHeader("x-ms-version", "2019-12-12");
    }

    private async Task WriteLinesAsync(Stream output, long first, long end, Func<Utf8JsonWriter, long, FakeVulnerabilityRow, bool> write, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        for (var position = first; position < end; position++)
        {
            if (_data.RowAt(position) is not { } row)
            {
                continue;
            }

            if (!write(writer, position, row))
            {
                continue;
            }

            await writer.FlushAsync(cancellationToken);
            writer.Reset();
            output.WriteByte((byte)'\n');
            if (position % 512 == 0)
            {
                await output.FlushAsync(cancellationToken);
            }
        }
    }

    [GeneratedRegex(@"/(?<folder>VaExport|SoftwareInventory)/json/.*/part-(?<file>\d{5})-[0-9a-f-]+\.c000\.json\.gz$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex FileNumber();
}
