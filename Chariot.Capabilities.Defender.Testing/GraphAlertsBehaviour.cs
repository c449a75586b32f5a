namespace Chariot.Capabilities.Defender.Testing;

/// <summary>
/// How the fake's Graph <c>alerts_v2</c> listing pages. Microsoft documents <c>$top</c>, <c>$skip</c>, <c>$count</c>
/// and nextLink paging but no page size; the real service was seen to clamp <c>$top</c> above 1,000, to give no
/// <c>@odata.nextLink</c> although more alerts matched, and to honour an undocumented <c>$orderby</c>
/// (<c>shared/reference/defender-apis-inventory.md</c> section 6). Each of those is selectable here, per test.
/// </summary>
public sealed record GraphAlertsBehaviour
{
    /// <summary>As documented, plus what was seen to work: nextLinks given, <c>$top</c> clamped at 1,000, <c>$orderby</c> honoured.</summary>
    public static GraphAlertsBehaviour Documented { get; } = new();

    /// <summary>The hard case seen in the field, and the sandbox's: never a nextLink, <c>$top</c> clamped at 1,000.</summary>
    public static GraphAlertsBehaviour NoNextLink { get; } = new() { GivesNextLink = false };

    /// <summary>The page size when a request sends no <c>$top</c> (undocumented; 100 was seen).</summary>
    public int DefaultPageSize { get; init; } = 100;

    /// <summary>The largest page: a larger <c>$top</c> is clamped to it, not refused.</summary>
    public int MaxPageSize { get; init; } = 1000;

    /// <summary>Whether a page that is not the last carries an <c>@odata.nextLink</c>.</summary>
    public bool GivesNextLink { get; init; } = true;

    /// <summary>What the listing does with <c>$orderby</c>.</summary>
    public AlertOrdering OrderBy { get; init; } = AlertOrdering.Honoured;

    /// <summary>Whether <c>$count=true</c> is answered with <c>@odata.count</c> (documented).</summary>
    public bool AnswersCount { get; init; } = true;
}

/// <summary>What the fake alerts_v2 listing does with <c>$orderby</c> (not documented for alerts_v2).</summary>
public enum AlertOrdering
{
    /// <summary><c>lastUpdateDateTime</c> or <c>createdDateTime</c>, <c>asc</c> or <c>desc</c>, is honoured (seen to work).</summary>
    Honoured,

    /// <summary>Any <c>$orderby</c> answers 400, as an OData service that does not allow the option does.</summary>
    Refused,

    /// <summary><c>$orderby</c> is accepted and ignored: the listing stays newest first.</summary>
    Ignored,
}
