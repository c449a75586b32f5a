using System.Text.Json.Serialization;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Vulnerabilities;

/// <summary>A fix waiting to be checked, as the checkpoint keeps it: the risk's host, CVE and severity, the machines to ask, the newest Fixed event.</summary>
/// <param name="Host">The risk's host.</param>
/// <param name="Cve">The CVE id.</param>
/// <param name="Severity">The risk's severity, saved as its letter.</param>
/// <param name="Machines">The machines whose rows said Fixed.</param>
/// <param name="FixedAt">The newest of its Fixed events, when known.</param>
/// <param name="WaitingSince">When it first had to wait (the sync's clock): after 14 days it is given up. Missing in an
/// older checkpoint, it starts at the sync that reads it.</param>
internal sealed record PendingFix(
    string Host,
    string Cve,
    [property: JsonConverter(typeof(SeverityLetterConverter))] Severity Severity,
    IReadOnlyList<string> Machines,
    DateTimeOffset? FixedAt,
    DateTimeOffset? WaitingSince)
{
    /// <summary>Whether a checkpoint read from disk holds everything a fix needs (a hand-edited or damaged one may not).</summary>
    public bool IsComplete => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(Cve) && Machines is not null;
}
