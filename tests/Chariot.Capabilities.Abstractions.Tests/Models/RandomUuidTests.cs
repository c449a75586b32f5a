using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Tests.Models;

public sealed class RandomUuidTests
{
    [Fact]
    public void A_risk_guid_is_a_version_4_uuid_with_the_rfc_variant()
    {
        // Across more than one batch of random bytes.
        var guids = Enumerable.Range(0, 1000).Select(_ => new Risk("h.contoso.com", "CVE-2024-1234", RiskStatus.Triage(Severity.High)).UniqueId.ToString()).ToList();

        Assert.All(guids, g => Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", g));
        Assert.Equal(guids.Count, guids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Uuids_made_on_several_threads_are_all_different()
    {
        var made = new System.Collections.Concurrent.ConcurrentBag<Guid>();

        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 2000; i++)
            {
                made.Add(RandomUuid.New());
            }
        });

        Assert.Equal(16_000, made.Distinct().Count());
    }
}
