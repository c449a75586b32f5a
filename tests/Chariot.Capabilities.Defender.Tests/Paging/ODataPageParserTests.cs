using System.Text;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Paging;

namespace Chariot.Capabilities.Defender.Tests.Paging;

public sealed class ODataPageParserTests
{
    private const string Page = """
        {"@odata.context":"https://api.securitycenter.microsoft.com/api/$metadata#Machines",
         "@odata.count": 3, "extra": {"nested": [1, {"deep": "x"}]},
         "value": [
           {"id":"m1","computerDnsName":"a.contoso.com","machineTags":["t1","t2"],"unknownField":{"x":1}},
           {"id":"m2","computerDnsName":"b.contoso.com","osBuild":"19045","lastSeen":"not a date"},
           {"Id":"m3","ComputerDnsName":"C.contoso.com","osBuild":"17763"}
         ],
         "@odata.nextLink":"https://api.securitycenter.microsoft.com/api/machines?$skiptoken=abc"}
        """;

    private static (List<ParsedItem<Machine>> Items, string? NextLink) ParseInChunks(string json, int chunk)
    {
        var parser = new ODataPageParser<Machine>(DefenderJson.Default.Machine);
        var bytes = Encoding.UTF8.GetBytes(json);
        var items = new List<ParsedItem<Machine>>();
        var buffer = new List<byte>();
        var offset = 0;
        while (!parser.IsComplete)
        {
            var take = Math.Min(chunk, bytes.Length - offset);
            buffer.AddRange(bytes.AsSpan(offset, take).ToArray());
            offset += take;
            var consumed = parser.Parse(buffer.ToArray(), offset == bytes.Length, items);
            buffer.RemoveRange(0, consumed);
            Assert.True(take > 0 || parser.IsComplete, "the parser asked for more data after the end");
        }

        return (items, parser.NextLink);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(100_000)]
    public void A_page_reads_the_same_whatever_chunks_it_arrives_in(int chunk)
    {
        var (items, next) = ParseInChunks(Page, chunk);

        Assert.Equal(3, items.Count);
        Assert.Equal("m1", items[0].Item!.Id);
        Assert.Equal(["t1", "t2"], items[0].Item!.MachineTags);
        Assert.NotNull(items[1].Problem);
        Assert.Contains("lastSeen", items[1].Problem, StringComparison.Ordinal);
        Assert.Equal(("m3", "C.contoso.com", 17763L), (items[2].Item!.Id, items[2].Item!.ComputerDnsName, items[2].Item!.OsBuild));
        Assert.Equal("https://api.securitycenter.microsoft.com/api/machines?$skiptoken=abc", next);
    }

    [Fact]
    public void A_next_link_before_the_values_is_read_too()
    {
        var (items, next) = ParseInChunks("""{"@odata.nextLink":"https://graph.microsoft.com/v1.0/security/alerts_v2?$skip=2","value":[{"id":"a"}]}""", 5);

        Assert.Single(items);
        Assert.Equal("https://graph.microsoft.com/v1.0/security/alerts_v2?$skip=2", next);
    }

    [Fact]
    public void The_last_page_has_no_next_link()
    {
        var (items, next) = ParseInChunks("""{"value":[]}""", 3);

        Assert.Empty(items);
        Assert.Null(next);
    }

    [Fact]
    public void A_page_that_is_not_an_object_is_refused()
    {
        var parser = new ODataPageParser<Machine>(DefenderJson.Default.Machine);

        // Whole JSON that is not a page: refused as such (not as a body that broke off, which is read again).
        var error = Assert.Throws<MalformedPageException>(() => parser.Parse("[1,2]"u8, isFinalBlock: true, []));
        Assert.Contains("not an object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Whitespace_between_items_is_consumed_as_it_arrives_not_kept_until_the_next_token()
    {
        // Issue 11.3: 32 MB of whitespace inside a page's array was kept, grown and read again at every buffer (25 s).
        var parser = new ODataPageParser<Machine>(DefenderJson.Default.Machine);
        var items = new List<ParsedItem<Machine>>();
        var blanks = Encoding.ASCII.GetBytes(new string(' ', 100_000) + "\r\n\t");

        var first = """{"value":[{"id":"m1"},"""u8.ToArray();
        Assert.Equal(first.Length, parser.Parse(first, isFinalBlock: false, items)); // the comma is taken and remembered
        Assert.Equal(blanks.Length, parser.Parse(blanks, isFinalBlock: false, items));
        var second = """ {"id":"m2"}  ,"""u8.ToArray();
        Assert.Equal(second.Length, parser.Parse(second, isFinalBlock: false, items));
        Assert.Equal(blanks.Length, parser.Parse(blanks, isFinalBlock: false, items));
        var rest = """{"id":"m3"}]}"""u8.ToArray();
        Assert.Equal(rest.Length, parser.Parse(rest, isFinalBlock: true, items));

        Assert.True(parser.IsComplete);
        Assert.Equal(["m1", "m2", "m3"], items.Select(i => i.Item!.Id));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void A_page_padded_with_whitespace_everywhere_reads_the_same_in_any_chunks(int chunk)
    {
        // Whitespace after every comma and bracket of the structure (none inside strings).
        const string padded = """
               {  "@odata.count" :  3 ,   "value" :  [   {"id":"m1","computerDnsName":"a.contoso.com"}  ,
                   {"id":"m2","computerDnsName":"b.contoso.com"}   ,
                {"id":"m3"}   ]  ,   "@odata.nextLink" :  "https://api.securitycenter.microsoft.com/api/machines?$skiptoken=abc"  }
            """;
        const string plain = """{"@odata.count":3,"value":[{"id":"m1","computerDnsName":"a.contoso.com"},{"id":"m2","computerDnsName":"b.contoso.com"},{"id":"m3"}],"@odata.nextLink":"https://api.securitycenter.microsoft.com/api/machines?$skiptoken=abc"}""";

        var (items, next) = ParseInChunks(padded, chunk);
        var (expected, expectedNext) = ParseInChunks(plain, 4096);

        Assert.Equal(expected.Select(i => (i.Item?.Id, i.Problem is null)), items.Select(i => (i.Item?.Id, i.Problem is null)));
        Assert.Equal(expectedNext, next);
    }

    [Fact]
    public void A_page_that_ends_after_a_comma_and_whitespace_is_still_refused()
    {
        var parser = new ODataPageParser<Machine>(DefenderJson.Default.Machine);

        Assert.Equal(27, parser.Parse("""{"value":[{"id":"m1"},     """u8, isFinalBlock: false, []));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => parser.Parse([], isFinalBlock: true, []));
    }
}
