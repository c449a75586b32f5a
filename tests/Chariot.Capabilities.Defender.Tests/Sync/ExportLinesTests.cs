using System.IO.Compression;
using System.Text;
using Chariot.Capabilities.Defender.Vulnerabilities;

namespace Chariot.Capabilities.Defender.Tests.Sync;

/// <summary>The export files' gzip JSON lines, read from UTF-8 as they arrive, with a cap on a line.</summary>
[Collection(MeasuredAlone.Name)]
public sealed class ExportLinesTests
{
    private static MemoryStream Gzip(byte[] content)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        output.Position = 0;
        return output;
    }

    [Fact]
    public async Task Lines_are_read_across_buffers_with_crlf_blank_lines_a_byte_order_mark_and_no_final_newline()
    {
        var rows = Enumerable.Range(0, 3_000).Select(i => $$"""{"DeviceId":"d{{i}}","DeviceName":"h{{i}}.contoso.com","CveId":"CVE-2024-{{i}}"}""");
        var text = "\uFEFF" + string.Join("\r\n", rows) + "\n\n   \n" + """{"DeviceId":"last"}""";
        using var lines = new ExportReader.JsonLines<Defender.Api.Dtos.VulnerabilityRow>(Gzip(Encoding.UTF8.GetBytes(text)), Defender.Api.Dtos.DefenderJson.ListedVulnerabilityRow);

        var read = new List<string?>();
        while (await lines.ReadBatchAsync(1_000, CancellationToken.None) is { } batch)
        {
            Assert.True(batch.Count <= 1_000);
            read.AddRange(batch.Select(b => b.Item?.DeviceId));
        }

        Assert.Equal(3_001, read.Count);
        Assert.Equal("d0", read[0]);
        Assert.Equal("d2999", read[2_999]);
        Assert.Equal("last", read[^1]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_line_longer_than_the_cap_is_skipped_unread_and_the_lines_after_it_still_read(bool lastLine)
    {
        // Issue 11.3: a 1 MB gzip that expanded to one 1 GiB line was read whole; then (fuzz) a row with one 2 MB field
        // stopped the whole file. Now such a line is dropped as it streams, reported, and the file goes on.
        var huge = new string('x', 48 * 1024 * 1024);
        var text = "{\"DeviceId\":\"a\"}\n{\"DeviceId\":\"" + huge + "\"}" + (lastLine ? "" : "\n{\"DeviceId\":\"b\"}\n");
        using var lines = new ExportReader.JsonLines<Defender.Api.Dtos.VulnerabilityRow>(Gzip(Encoding.ASCII.GetBytes(text)), Defender.Api.Dtos.DefenderJson.ListedVulnerabilityRow);
        huge = null;
        text = null;

        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var read = new List<(string? Id, string? Problem)>();
        while (await lines.ReadBatchAsync(1_000, CancellationToken.None) is { } batch)
        {
            read.AddRange(batch.Select(b => (b.Item?.DeviceId, b.Problem)));
        }

        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Assert.Equal(lastLine ? 2 : 3, read.Count);
        Assert.Equal("a", read[0].Id);
        Assert.Equal("the line is longer than 1 MB (rows are a few KB): skipped unread", read[1].Problem);
        Assert.Equal(lastLine ? null : "b", read.Count > 2 ? read[2].Id : null);
        Assert.InRange(allocated, 0, 16 * 1024 * 1024);
    }

    [Fact]
    public async Task An_unreadable_line_is_skipped_with_its_reason_and_the_next_ones_still_read()
    {
        using var lines = new ExportReader.JsonLines<Defender.Api.Dtos.VulnerabilityRow>(Gzip(Encoding.UTF8.GetBytes("{\"DeviceId\":\"a\"}\n{not json\n{\"DeviceId\":\"b\"}\n")), Defender.Api.Dtos.DefenderJson.ListedVulnerabilityRow);

        var batch = (await lines.ReadBatchAsync(10, CancellationToken.None))!;

        Assert.Equal(["a", null, "b"], batch.Select(b => b.Item?.DeviceId));
        Assert.NotNull(batch[1].Problem);
    }
}
