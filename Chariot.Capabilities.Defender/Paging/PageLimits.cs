namespace Chariot.Capabilities.Defender.Paging;

/// <summary>
/// How much of a page the pager will hold or read, so that a hostile or broken body costs bounded memory and time.
/// Each cap is far above what Defender sends, so a real body never meets one.
/// </summary>
/// <remarks>
/// A record over its cap is skipped and counted like any unreadable record: it can be read past without holding it,
/// and failing the listing instead would stop every sync at the same record until Microsoft changed it. A page over
/// its cap fails the listing: its end cannot be known without reading on, and whatever it holds after that is lost.
/// </remarks>
internal static class PageLimits
{
    /// <summary>The skip reason of a record the page reader could not read (or skipped unread, past a limit below).</summary>
    public const string UnreadableReason = "unreadable records (each logged)";

    /// <summary>
    /// The largest record of a page, in bytes as sent. Real records are small (an alert about 5 KB, a machine 2 KB, a
    /// vulnerability row 1.5 KB); an alert with hundreds of evidence items reaches some hundreds of KB. A record is held
    /// whole to be read, and its strings twice over as text: this keeps one record under about 16 MB of memory.
    /// </summary>
    public const int MaxRecordBytes = 4 * 1024 * 1024;

    /// <summary>
    /// The longest string of a record (a value or a name), in bytes as sent, escapes included. The longest text
    /// Defender holds is a command line, at most 32,767 characters (under 200 KB even if each were escaped as \uXXXX);
    /// it is also the cap on a whole export line, so no field is longer than any export row may be.
    /// </summary>
    public const int MaxFieldBytes = 1024 * 1024;

    /// <summary>
    /// The longest page, in bytes. The largest pages are 200,000 vulnerability rows of about 1.5 KB, some 300 MB; a body
    /// four times that is not a page but a stream that does not end, even one that holds no record (whitespace).
    /// </summary>
    public const long MaxPageBytes = 1024L * 1024 * 1024;

    /// <summary>
    /// How many times the largest page a listing's API documents a page may hold: a service that gives more than asked
    /// is tolerated, one that never stops is not (each record read may leave state behind, a device in the directory
    /// and a key in the filter, so an endless page of distinct devices grew memory without end).
    /// </summary>
    public const int PageSizeTolerance = 2;

    /// <summary>The record cap of a listing whose page size is not documented: that of the largest documented page.</summary>
    public const int DefaultMaxPageItems = PageSizeTolerance * 200_000;
}
