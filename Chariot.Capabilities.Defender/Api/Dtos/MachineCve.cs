namespace Chariot.Capabilities.Defender.Api.Dtos;

/// <summary>One CVE a machine has now (<c>/api/machines/{id}/vulnerabilities</c>): only its id is read, so no odd field elsewhere in the entity can make it be skipped.</summary>
internal sealed record MachineCve
{
    /// <summary>The CVE id.</summary>
    public string? Id { get; set; }
}
