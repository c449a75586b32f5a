using System.Net;
using System.Text;
using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Reporting;
using Microsoft.Extensions.Logging.Testing;

namespace Chariot.Capabilities.Defender.Tests.Paging;

public sealed class ODataPagerTests
{
    private static readonly ApiEndpoint Machines = PagerProbe.Machines;

    private readonly PagerProbe _probe = new();

    private static Task<HttpResponseMessage> Answer(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    private Task<List<Machine>> ReadAll(PagedCall call) => _probe.ReadAllAsync(call);

    [Fact]
    public async Task A_bad_record_is_skipped_with_a_logged_reason_and_the_listing_goes_on()
    {
        var pages = new Dictionary<string, string>
        {
            ["https://api.securitycenter.microsoft.com/api/machines?p=2"] = """{"value":[{"id":"m3","computerDnsName":"c"}]}""",
        };
        var call = new PagedCall(
            Machines,
            _ => Answer("""{"value":[{"id":"m1"},{"id":"m2","firstSeen":12},{"id":"m4"}],"@odata.nextLink":"https://api.securitycenter.microsoft.com/api/machines?p=2"}"""),
            (link, _) => Answer(pages[link.AbsoluteUri]));

        var machines = await ReadAll(call);

        Assert.Equal(["m1", "m4", "m3"], machines.Select(m => m.Id));
        Assert.Equal((4, 1), (_probe.Counters.Received, _probe.Counters.Skipped));
        Assert.Contains(_probe.Logger.Collector.GetSnapshot(), l => l.Message.StartsWith("Skipped an unreadable machines record on page 1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"value":{"id":"m1"}}""", "the page's \"value\" is a JSON StartObject, not an array")]
    [InlineData("""{"@odata.context":"x"}""", "the page has no \"value\" array")]
    [InlineData("""{"values":[{"id":"m1"}]}""", "the page has no \"value\" array")]
    [InlineData("""[{"id":"m1"}]""", "the page is a JSON StartArray, not an object")]
    public async Task A_page_that_is_not_an_odata_page_fails_the_listing_instead_of_reading_as_empty(string body, string expected)
    {
        // Issue 11.2: read as an empty listing, such a page gave 0 devices with exit 0, and moved the vulnerability
        // change checkpoint past fixes never read.
        var calls = 0;
        var call = new PagedCall(Machines, _ => { calls++; return Answer(body); }, (_, _) => throw new InvalidOperationException());

        var error = await Assert.ThrowsAsync<CapabilityException>(() => ReadAll(call));

        Assert.Equal(CapabilityFailure.Vendor, error.Failure);
        Assert.Contains($"The machines listing's page 1 is not an OData page: {expected}", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, calls); // whole JSON, not a broken body: asking again would not help
    }

    [Fact]
    public async Task A_page_that_keeps_breaking_off_says_so_instead_of_the_parsers_words()
    {
        // Issue 11.7: the message was "JsonReaderException: Expected end of string".
        var calls = 0;
        var call = new PagedCall(Machines, _ => { calls++; return Answer("""{"value":[{"id":"m1","computerDnsName":"cut"""); }, (_, _) => throw new InvalidOperationException());

        var error = await Assert.ThrowsAsync<CapabilityException>(() => ReadAll(call));

        Assert.Equal(3, calls);
        Assert.Contains("The machines listing's page 1 broke off 3 times (the body ended before its JSON did)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Expected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_value_array_is_an_empty_listing()
    {
        var call = new PagedCall(Machines, _ => Answer("""{"@odata.context":"x","value":[]}"""), (_, _) => throw new InvalidOperationException());

        Assert.Empty(await ReadAll(call));
    }

    [Fact]
    public async Task A_404_is_an_empty_listing_only_where_the_api_says_so()
    {
        var empty = new PagedCall(Machines, _ => Answer("""{"error":{"code":"ResourceNotFound","message":"none"}}""", HttpStatusCode.NotFound), (_, _) => throw new InvalidOperationException()) { NotFoundIsEmpty = true };
        var strict = empty with { NotFoundIsEmpty = false };

        Assert.Empty(await ReadAll(empty));
        var error = await Assert.ThrowsAsync<CapabilityException>(() => ReadAll(strict));
        Assert.Contains("HTTP 404): ResourceNotFound: none", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_cap_stops_a_listing_that_never_ends()
    {
        var page = 0;
        var call = new PagedCall(
            Machines,
            _ => Answer("""{"value":[],"@odata.nextLink":"https://api.securitycenter.microsoft.com/api/machines?p=1"}"""),
            (_, _) => Answer($$"""{"value":[],"@odata.nextLink":"https://api.securitycenter.microsoft.com/api/machines?p={{++page + 1}}"}"""))
        {
            MaxPages = 25,
        };

        var error = await Assert.ThrowsAsync<CapabilityException>(() => ReadAll(call));

        Assert.Contains("went past 25 pages", error.Message, StringComparison.Ordinal);
        Assert.Equal(24, page);
    }

    [Theory]
    [InlineData("http://api.securitycenter.microsoft.com/api/machines?p=2", "not an absolute https URL")]
    [InlineData("/api/machines?p=2", "not an absolute https URL")]
    [InlineData("https://api.securitycenter.microsoft.com.evil.example/api/machines", "to another host")]
    [InlineData("https://api.securitycenter.microsoft.com:8443/api/machines", "to another host (api.securitycenter.microsoft.com:8443)")] // issue 11.7: the port was left out
    public async Task A_next_link_off_the_api_host_is_refused_before_it_is_followed(string link, string expected)
    {
        var followed = false;
        var call = new PagedCall(Machines, _ => Answer($$"""{"value":[],"@odata.nextLink":"{{link}}"}"""), (_, _) =>
        {
            followed = true;
            return Answer("""{"value":[]}""");
        });

        var error = await Assert.ThrowsAsync<CapabilityException>(() => ReadAll(call));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.False(followed);
    }
}
