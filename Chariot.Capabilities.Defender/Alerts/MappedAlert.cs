using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>An alert mapped: the risk, its attributes (alert id, links, MITRE techniques) and its evidence proof.</summary>
internal sealed class MappedAlert
{
    // The alert the proof is made from, until it is: most alerts of a large sync fold into a risk already sent (the same
    // detection on the same host), and their proof is never sent nor held.
    private GraphAlert? _source;
    private ChariotFile? _proof;

    /// <summary>An alert mapped with its proof made already (a held alert read back from a checkpoint).</summary>
    public MappedAlert(Risk risk, IReadOnlyList<ChariotAttribute> attributes, ChariotFile proof)
        : this(risk, attributes, null, proof)
    {
    }

    /// <summary>An alert mapped whose proof, the evidence summary, is made from <paramref name="source"/> when first asked for.</summary>
    public MappedAlert(Risk risk, IReadOnlyList<ChariotAttribute> attributes, GraphAlert source)
        : this(risk, attributes, source, null)
    {
    }

    private MappedAlert(Risk risk, IReadOnlyList<ChariotAttribute> attributes, GraphAlert? source, ChariotFile? proof)
    {
        Risk = risk;
        Attributes = attributes;
        _source = source;
        _proof = proof;
    }

    /// <summary>The risk.</summary>
    public Risk Risk { get; }

    /// <summary>The risk's attributes.</summary>
    public IReadOnlyList<ChariotAttribute> Attributes { get; }

    /// <summary>The evidence summary, as the risk's proof file.</summary>
    public ChariotFile Proof
    {
        get
        {
            if (_proof is null)
            {
                _proof = Risk.Proof(AlertToRisk.EvidenceSummary(_source!));
                _source = null;
            }

            return _proof;
        }
    }

    /// <summary>
    /// The same alert on another host (a further device of its evidence): the risk there, with the same facts and the same
    /// evidence summary as its proof. Made before the proof is (the alert's evidence is given back once it was handled).
    /// </summary>
    public MappedAlert OnHost(string dns)
    {
        var risk = Risk with { Dns = dns, UniqueId = Guid.NewGuid() }; // a risk of its own: its own guid, as each risk made has
        var attributes = new ChariotAttribute[Attributes.Count];
        for (var i = 0; i < attributes.Length; i++)
        {
            attributes[i] = Attributes[i] with { Parent = risk };
        }

        return new(risk, attributes, _source, _proof is null ? null : risk.Proof(_proof.Bytes));
    }

    /// <summary>The same alert with other attributes (its proof made from the same alert, or the same proof).</summary>
    public MappedAlert WithAttributes(IReadOnlyList<ChariotAttribute> attributes) => new(Risk, attributes, _source, _proof);
}
