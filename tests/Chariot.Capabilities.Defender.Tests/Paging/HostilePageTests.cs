using System.Net;
using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Reporting;
using Microsoft.Extensions.Logging.Testing;

namespace Chariot.Capabilities.Defender.Tests.Paging;

/// <summary>Bytes around the records a page parser must not trust: names and links that are not text, records nested deep.</summary>
public sealed class HostilePageTests
{
    private static readonly ApiEndpoint Machines = PagerProbe.Machines;

    private readonly PagerProbe _probe = new();

    private Task<List<Machine>> ReadAll(byte[] body) => _probe.ReadAllAsync(new PagedCall(
        Machines,
        _ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) }),
        (_, _) => throw new InvalidOperationException("one page only")));

    [Fact]
    public async Task A_page_property_whose_name_is_not_utf8_is_skipped_like_any_other()
    {
        // An InvalidOperationException ("Cannot transcode invalid UTF-8") came out of the pager: the name was made a string.
        byte[] body = [.. "{\"@odata.context\":\"x\",\""u8, 0xFF, 0xC3, 0x28, .. "\":1,\"value\":[{\"id\":\"m1\"}]}"u8];

        Assert.Equal(["m1"], (await ReadAll(body)).Select(m => m.Id));
    }

    [Fact]
    public async Task A_next_link_that_is_not_utf8_fails_the_listing_clearly()
    {
        byte[] body = [.. """{"value":[{"id":"m1"}],"@odata.nextLink":"https://api.securitycenter.microsoft.com/api/machines?p="""u8, 0xFF, .. "\"}"u8];

        var error = await Assert.ThrowsAsync<CapabilityException>(() => ReadAll(body));

        Assert.Equal(
            "The machines listing's page 1 is not an OData page: the page's \"@odata.nextLink\" is not text (invalid UTF-8 or a broken escape). The sync stopped there; no checkpoint moved.",
            error.Message);
    }

    [Fact]
    public async Task A_record_nested_deeper_than_the_reader_allows_is_skipped_and_its_neighbours_flow()
    {
        // The page's reader stopped at 64 levels: a deep record failed the whole page as if its body broke off, 3 times.
        var deep = new string('[', 500) + new string(']', 500);
        var body = System.Text.Encoding.UTF8.GetBytes($$"""{"value":[{"id":"m1"},{"id":"m2","extra":{{deep}}},{"id":"m3"}]}""");

        var machines = await ReadAll(body);

        Assert.Equal(["m1", "m3"], machines.Select(m => m.Id));
        Assert.Equal((3, 1), (_probe.Counters.Received, _probe.Counters.Skipped));
        Assert.Contains(_probe.Logger.Collector.GetSnapshot(), l => l.Message.Contains("maximum configured depth of 64", StringComparison.Ordinal));
    }
}
