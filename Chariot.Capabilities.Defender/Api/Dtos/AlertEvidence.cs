namespace Chariot.Capabilities.Defender.Api.Dtos;

/// <summary>
/// An alert's evidence as mapping uses it, made while the alert is read (<see cref="AlertEvidenceConverter"/>): the first
/// device item that names a device, whose host the risk lands on, and the evidence lines of the risk's proof. The items
/// themselves are not kept: most alerts of a large sync fold into a risk already sent, and their evidence is never shown.
/// </summary>
/// <param name="DeviceId">The <c>mdeDeviceId</c> of the first device item with an id or a DNS name.</param>
/// <param name="DeviceDnsName">That item's <c>deviceDnsName</c>.</param>
/// <param name="Summary">
/// One UTF-8 line per item, null items aside, up to <see cref="MaxLines"/>: <c>- {kind}: {detail} [{verdict}]</c>, the kind
/// being the <c>@odata.type</c> after its last dot and the detail, trimmed, what the kind says (a device's host, id and
/// addresses; a file's path, name and SHA-256; a process's command line; an address; a URL; a user's domain and account).
/// </param>
internal sealed record AlertEvidence(string? DeviceId, string? DeviceDnsName, byte[] Summary)
{
    /// <summary>The most items the summary describes.</summary>
    public const int MaxLines = 50;

    /// <summary>Whether a device item named a device.</summary>
    public bool NamesDevice => DeviceId is not null || DeviceDnsName is not null;
}
