using System.Globalization;

namespace Chariot.Capabilities.Defender.Testing.Data.Generation;

/// <summary>Entry N of a generated CVE catalogue, computed from the seed and N.</summary>
internal sealed class CveGenerator
{
    private const ulong Stream = 20;
    private readonly int _seed;
    private readonly DateTimeOffset _anchor;

    public CveGenerator(int seed, int count, DateTimeOffset anchor)
    {
        _seed = seed;
        Count = Math.Max(1, count);
        _anchor = anchor;
    }

    public int Count { get; }

    public static string CveId(long index) =>
        string.Create(CultureInfo.InvariantCulture, $"CVE-{2018 + (index % 7)}-{10_000 + index}");

    public string Severity(long index) => StableHash.Pick(StableHash.Of(_seed, Stream, index), NamePools.CveSeverities);

    public double CvssScore(long index) => Severity(index) switch
    {
        "Critical" => 9.8,
        "High" => 7.5 + (index % 20) / 10.0,
        "Medium" => 5.3,
        _ => 3.1,
    };

    public FakeCve Cve(long index)
    {
        var hash = StableHash.Of(_seed, Stream + 1, index);
        var id = CveId(index);
        var published = _anchor.Date.AddDays(-(long)(hash % 900));
        var exploited = hash % 5 == 0;
        return new FakeCve
        {
            Id = id,
            Name = id,
            Description = index % 9 == 4 ? null : "Generated vulnerability " + id + " in a commonly deployed component.",
            Severity = Severity(index),
            CvssV3 = index % 11 == 6 ? null : CvssScore(index),
            CvssVector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            ExposedMachines = (int)(hash % 500),
            PublishedOn = new DateTimeOffset(published, TimeSpan.Zero),
            UpdatedOn = new DateTimeOffset(published, TimeSpan.Zero).AddDays((long)(hash % 30)),
            FirstDetected = new DateTimeOffset(published, TimeSpan.Zero).AddDays(1).AddSeconds((long)(hash % 86_000)),
            PublicExploit = exploited,
            ExploitVerified = exploited && hash % 2 == 0,
            ExploitInKit = false,
            ExploitTypes = exploited ? ["RemoteCodeExecution"] : [],
            ExploitUris = exploited ? ["https://exploit-db.example/" + id] : [],
            CveSupportability = "Supported",
            Tags = [],
            Epss = index % 13 == 0 ? null : (hash % 1000) / 1000.0,
        };
    }
}
