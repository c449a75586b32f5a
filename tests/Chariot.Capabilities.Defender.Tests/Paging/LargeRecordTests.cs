using System.Text;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Defender.Tests.Support;

namespace Chariot.Capabilities.Defender.Tests.Paging;

/// <summary>Issue 11.3: a large record costs linear time however the body is cut, and one over the cap is read past.</summary>
public sealed class LargeRecordTests
{
    private static ReadOnlyMemory<byte> Text(string text) => Encoding.UTF8.GetBytes(text);

    // A machine whose tags make it about the given size; each tag holds what a naive scan of brackets and quotes would trip on.
    private static IEnumerable<ReadOnlyMemory<byte>> Page(long recordBytes)
    {
        yield return Text("""{"value":[{"id":"m1"},{"id":"big","machineTags":["first" """.TrimEnd());
        var tag = Text(""",  "]}, \"quoted\" [{ \\\\ \u00e9" """.TrimEnd());
        for (long written = 0; written < recordBytes; written += tag.Length)
        {
            yield return tag;
        }

        yield return Text("""]},{"id":"m3"}],"@odata.nextLink":"https://api.securitycenter.microsoft.com/api/machines?p=2"}""");
    }

    private static async Task<(List<ParsedItem<Machine>> Items, PageRead<Machine> Read, GeneratedBody Body)> ReadInSmallPieces(long recordBytes)
    {
        var body = new GeneratedBody(Page(recordBytes), maxRead: 1_000);
        var read = new PageRead<Machine>(DefenderJson.Default.Machine, int.MaxValue, PageLimits.MaxPageBytes, new SyncOptions().IdleTimeout, TimeProvider.System);
        var items = new List<ParsedItem<Machine>>();
        while (!read.Finished)
        {
            await read.ReadMoreAsync(body, items, CancellationToken.None);
        }

        Assert.Equal("https://api.securitycenter.microsoft.com/api/machines?p=2", read.NextLink);
        return (items, read, body);
    }

    [Fact]
    public async Task A_3_MB_record_arriving_a_kilobyte_at_a_time_is_parsed_a_few_times_not_once_per_read()
    {
        // Each read used to hand the parser the whole unfinished record again: 3,000 reads of up to 3 MB, 4.5 GB parsed.
        var (items, read, body) = await ReadInSmallPieces(3 * 1024 * 1024);
        using var disposing = read;

        Assert.Equal(["m1", "big", "m3"], items.Select(i => i.Item?.Id));
        Assert.True(items[1].Item!.MachineTags!.Count > 50_000);
        Assert.True(read.Examined < 4 * body.Served, $"{read.Examined:N0} bytes parsed for {body.Served:N0} received");
    }

    [Fact]
    public async Task A_record_over_the_cap_is_read_past_across_pieces_with_brackets_quotes_and_escapes_in_its_strings()
    {
        var (items, read, body) = await ReadInSmallPieces(PageLimits.MaxRecordBytes + (2 * 1024 * 1024));
        using var disposing = read;

        Assert.Equal([("m1", true), (null, false), ("m3", true)], items.Select(i => (i.Item?.Id, i.Problem is null)));
        Assert.StartsWith("the record is larger than 4 MB", items[1].Problem, StringComparison.Ordinal);
        Assert.True(read.Examined < 4 * body.Served, $"{read.Examined:N0} bytes parsed for {body.Served:N0} received");
    }

    [Theory]
    [InlineData("""{"a":"x\"}]","b":[1,{"c":"\\"}]}""", 32)]
    [InlineData("""["]",["["],"\\\""]""", 18)]
    [InlineData("\"a\\\"b\"", 6)]
    [InlineData("12345, ", 5)]
    [InlineData("true]", 4)]
    public void The_skipper_finds_a_values_end_however_its_bytes_are_cut(string json, int end)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        for (var cut = 1; cut <= bytes.Length; cut++)
        {
            var skipper = default(RecordSkipper);
            var first = skipper.Scan(bytes.AsSpan(0, cut));
            var found = first >= 0 ? first : cut + skipper.Scan(bytes.AsSpan(cut));
            Assert.Equal(end, found);
        }
    }
}
