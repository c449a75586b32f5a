namespace Chariot.Capabilities.Defender.Paging;

/// <summary>A property of a page the parser reads; any other is skipped.</summary>
internal enum PageProperty
{
    Other,
    Value,
    NextLink,
    Count,
}
