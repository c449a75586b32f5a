using Chariot.Capabilities.Reporting;

namespace Chariot.Capabilities.Defender.Paging;

/// <summary>
/// Where the reading of one page or file stands across attempts: a body that broke off is read again from its start,
/// and the items already given are skipped, so each is given, counted and (when unreadable) reported once.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class ReadProgress<T>(StreamCounters? counters, Action<string> reportBad)
{
    private int _given;

    /// <summary>Items given so far, readable or not: the page's items once it was read to its end.</summary>
    public int Given => _given;

    /// <summary>Items seen in the current attempt.</summary>
    public int Seen { get; private set; }

    /// <summary>Starts another attempt at the same body.</summary>
    public void Restart() => Seen = 0;

    /// <summary>The good items of <paramref name="batch"/> not given before; bad ones are counted and reported.</summary>
    public IEnumerable<T> Fresh(List<ParsedItem<T>> batch)
    {
        foreach (var parsed in batch)
        {
            if (Seen++ < _given)
            {
                continue;
            }

            _given++;
            counters?.AddReceived();
            if (parsed.Problem is not null)
            {
                counters?.AddSkipped(PageLimits.UnreadableReason);
                reportBad(parsed.Problem);
                continue;
            }

            yield return parsed.Item!;
        }
    }
}
