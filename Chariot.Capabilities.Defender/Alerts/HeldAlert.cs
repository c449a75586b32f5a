using System.Text.Json.Serialization;
using Chariot.Capabilities.Defender.Sync;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// A closed alert whose risk waits for the end of the sync (a later alert of the same detection may still be open),
/// as the checkpoint carries it, so a sync stopped half way resumes without losing it.
/// </summary>
/// <param name="Dns">The risk's host.</param>
/// <param name="Title">The risk's title (its name by Chariot's rule).</param>
/// <param name="Status">The risk's status code, such as <c>RH</c> or <c>DMF</c>.</param>
/// <param name="Comment">The risk's comment (the alert's description).</param>
/// <param name="Facts">The attributes of the risk, as name and value.</param>
/// <param name="Proof">The evidence summary, as UTF-8 (saved as JSON text, not base64: a checkpoint stays readable).</param>
/// <param name="Created">When the alert was created (the risk's <c>created</c>); absent from checkpoints written before.</param>
internal sealed record HeldAlert(
    string Dns,
    string Title,
    string Status,
    string? Comment,
    IReadOnlyList<HeldFact> Facts,
    [property: JsonConverter(typeof(Utf8TextJson))] ReadOnlyMemory<byte> Proof,
    DateTimeOffset? Created = null)
{
    internal static HeldAlert From(MappedAlert alert) => new(
        alert.Risk.Dns,
        alert.Risk.Title,
        alert.Risk.Status.Code,
        alert.Risk.Comment,
        [.. alert.Attributes.Select(a => new HeldFact(a.Name, a.Value))],
        alert.Proof.Bytes,
        alert.Risk.Created);

    /// <summary>The mapped alert again; null when the entry is damaged (then it is dropped).</summary>
    internal MappedAlert? ToMapped()
    {
        if (string.IsNullOrWhiteSpace(Dns) || string.IsNullOrWhiteSpace(Title) || !RiskStatus.TryParse(Status, out var status)
            || Facts is null || Facts.Any(f => f?.Name is null || f.Value is null))
        {
            return null;
        }

        var risk = new Risk(Dns, Title, status) { Comment = Comment, Created = Created };
        return new MappedAlert(risk, [.. Facts.Select(f => new ChariotAttribute(f.Name, f.Value, risk))], risk.Proof(Proof));
    }
}
