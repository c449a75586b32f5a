using Chariot.Capabilities.Emission;
using Chariot.Capabilities.Models;
using Chariot.Capabilities.Reporting;

namespace Chariot.Capabilities.Defender.Sync;

/// <summary>
/// Sends one stream's models through the job's emitter. Assets and risks are counted as emitted or filtered, so a
/// stream's received = emitted + filtered + skipped (+ rows that are not findings); attributes and proofs ride along.
/// </summary>
internal sealed class StreamOutput(ResultEmitter results, StreamCounters counters)
{
    public StreamCounters Counters => counters;

    /// <summary>The defaults the emitter would fill in, as of now: models made with them are sent without a copy.</summary>
    public ModelStamp StampNow() => results.StampNow();

    public async ValueTask<bool> SendAsync(Asset asset, CancellationToken cancellationToken) =>
        Count(await results.SendAsync(asset, cancellationToken));

    public async ValueTask<bool> SendAsync(Risk risk, CancellationToken cancellationToken) =>
        Count(await results.SendAsync(risk, cancellationToken));

    public async ValueTask SendAsync(IReadOnlyList<ChariotAttribute> attributes, CancellationToken cancellationToken)
    {
        for (var i = 0; i < attributes.Count; i++)
        {
            await results.SendAsync(attributes[i], cancellationToken);
        }
    }

    public ValueTask SendAsync(ChariotFile file, CancellationToken cancellationToken) => results.SendAsync(file, cancellationToken);

    /// <summary>Sends a technology, which rides along with the relationships to it (not counted).</summary>
    public ValueTask<bool> SendAsync(Technology technology, CancellationToken cancellationToken) => results.SendAsync(technology, cancellationToken);

    /// <summary>Sends a relationship that is the stream's record (a device runs a technology), counted as emitted or filtered.</summary>
    public async ValueTask<bool> SendAsync(Relationship relationship, CancellationToken cancellationToken) =>
        Count(await results.SendAsync(relationship, cancellationToken));

    /// <summary>Sends a relationship that rides along with the stream's record (not counted).</summary>
    public ValueTask<bool> SendAlongAsync(Relationship relationship, CancellationToken cancellationToken) => results.SendAsync(relationship, cancellationToken);

    /// <summary>Sends a port, which rides along with its asset (not counted).</summary>
    public ValueTask<bool> SendAlongAsync(Port port, CancellationToken cancellationToken) => results.SendAsync(port, cancellationToken);

    /// <summary>Sends a file that is the stream's own record (a CVE definition), counted as emitted.</summary>
    public async ValueTask SendCountedAsync(ChariotFile file, CancellationToken cancellationToken)
    {
        await results.SendAsync(file, cancellationToken);
        counters.AddEmitted();
    }

    private bool Count(bool sent)
    {
        if (sent)
        {
            counters.AddEmitted();
        }
        else
        {
            counters.AddFiltered();
        }

        return sent;
    }
}
