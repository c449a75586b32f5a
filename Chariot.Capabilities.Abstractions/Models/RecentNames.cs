namespace Chariot.Capabilities.Models;

/// <summary>
/// The names <see cref="Risk.FormatName"/> made last, by the text they were made from: a detection's title comes back
/// with every alert of it, a CVE with every row that has it, and its name is then the same string again instead of the two
/// or three a formatting makes. A fixed table of recent entries, one replaced on a collision; an entry never changes, so
/// threads share the table without a lock (one may replace an entry another just made: both are right).
/// </summary>
internal sealed class RecentNames(Func<string, string> format, int slots = 512)
{
    private readonly Entry?[] _entries = new Entry?[slots];

    public string GetOrAdd(string text)
    {
        var slot = (int)((uint)text.GetHashCode(StringComparison.Ordinal) % (uint)_entries.Length);
        if (Volatile.Read(ref _entries[slot]) is { } entry && string.Equals(entry.Text, text, StringComparison.Ordinal))
        {
            return entry.Name;
        }

        var name = format(text);
        Volatile.Write(ref _entries[slot], new Entry(text, name));
        return name;
    }

    private sealed record Entry(string Text, string Name);
}
