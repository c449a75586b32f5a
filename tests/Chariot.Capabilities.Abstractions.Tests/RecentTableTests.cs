using System.Globalization;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Abstractions.Tests;

public sealed class RecentTableTests
{
    private static string Format(string text) => text.StartsWith("cve-", StringComparison.Ordinal)
        ? text.ToUpperInvariant()
        : text.ToLowerInvariant().Replace(' ', '-').Replace('#', '-');

    [Fact]
    public void A_text_that_comes_back_gets_the_same_name_string_again_without_formatting()
    {
        var formatted = 0;
        var names = new RecentTable<string, string>(StringComparer.Ordinal, 512);
        string Counted(string text)
        {
            formatted++;
            return Format(text);
        }

        var first = names.GetOrAdd("Suspicious PowerShell #command line", Counted);
        var again = names.GetOrAdd(new string("Suspicious PowerShell #command line".AsSpan()), Counted);

        Assert.Equal("suspicious-powershell--command-line", first);
        Assert.Same(first, again);
        Assert.Equal(1, formatted);
    }

    [Fact]
    public void Texts_sharing_a_slot_each_get_their_own_name()
    {
        var names = new RecentTable<string, string>(StringComparer.Ordinal, slots: 1);

        Assert.Equal(["a-b", "CVE-2024-1", "a-b"], new[] { "A B", "cve-2024-1", "A B" }.Select(text => names.GetOrAdd(text, Format)));
    }

    [Fact]
    public void Names_made_from_many_texts_at_once_are_each_right()
    {
        // More texts than the table has slots, from several threads: every collision and replacement on the way.
        var names = new RecentTable<string, string>(StringComparer.Ordinal, slots: 64);
        var texts = Enumerable.Range(0, 5_000)
            .Select(i => i % 3 == 0 ? string.Create(CultureInfo.InvariantCulture, $"cve-2024-{i}") : string.Create(CultureInfo.InvariantCulture, $"Detection #{i % 700} On Host"))
            .ToArray();

        var wrong = 0;
        Parallel.For(0, 8, _ =>
        {
            foreach (var text in texts)
            {
                if (names.GetOrAdd(text, Format) != Format(text))
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        });

        Assert.Equal(0, wrong);
    }

    [Fact]
    public void A_risk_name_is_formatted_as_before()
    {
        Assert.Equal(("CVE-2024-1234", "suspicious-powershell--x"), (Risk.FormatName("cve-2024-1234"), Risk.FormatName("Suspicious PowerShell #x")));
    }
}
