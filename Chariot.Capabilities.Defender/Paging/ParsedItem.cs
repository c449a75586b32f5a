namespace Chariot.Capabilities.Defender.Paging;

/// <summary>An item read from a page, or why it could not be read.</summary>
/// <typeparam name="T">The item type.</typeparam>
internal readonly record struct ParsedItem<T>(T? Item, string? Problem)
{
    public static ParsedItem<T> Good(T item) => new(item, null);

    public static ParsedItem<T> Bad(string problem) => new(default, problem);
}
