namespace Chariot.Capabilities.Defender.Paging;

/// <summary>What one page said about its listing, filled in once the page was read to its end.</summary>
internal sealed class PageOutcome
{
    /// <summary>The page's <c>@odata.nextLink</c>, if any.</summary>
    public string? NextLink { get; set; }

    /// <summary>The page's <c>@odata.count</c>: how many items the whole query matches, when the service says.</summary>
    public long? Count { get; set; }

    /// <summary>The page's items, readable or not.</summary>
    public int Items { get; set; }
}
