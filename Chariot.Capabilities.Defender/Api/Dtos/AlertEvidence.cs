using System.Buffers;
using CommunityToolkit.HighPerformance.Buffers;

namespace Chariot.Capabilities.Defender.Api.Dtos;

/// <summary>
/// An alert's evidence as mapping uses it, made while the alert is read (<see cref="AlertEvidenceConverter"/>): the device
/// items that name a device, each a host the alert's risk lands on, and the evidence lines of the risk's proof. The items
/// themselves are not kept: most alerts of a large sync fold into a risk already sent, and their evidence is never shown.
/// The lines are in a pooled buffer, given back by <see cref="Dispose"/> once the alert was handled (its proof made, or
/// never to be); they cannot be read after that.
/// </summary>
internal sealed class AlertEvidence : IDisposable
{
    /// <summary>The most items the summary describes.</summary>
    public const int MaxLines = 50;

    private ArrayPoolBufferWriter<byte>? _lines;

    /// <summary>Evidence whose summary lines are given (a copy is kept).</summary>
    public AlertEvidence(string? deviceId, string? deviceDnsName, byte[] summary)
        : this(deviceId, deviceDnsName, new ArrayPoolBufferWriter<byte>(Math.Max(summary?.Length ?? 0, 1)))
    {
        _lines!.Write<byte>(summary);
    }

    /// <summary>Evidence whose summary lines were written into <paramref name="lines"/>, which it now owns.</summary>
    internal AlertEvidence(string? deviceId, string? deviceDnsName, ArrayPoolBufferWriter<byte> lines)
    {
        DeviceId = deviceId;
        DeviceDnsName = deviceDnsName;
        _lines = lines;
    }

    /// <summary>The <c>mdeDeviceId</c> of the first device item with an id or a DNS name.</summary>
    public string? DeviceId { get; }

    /// <summary>That item's <c>deviceDnsName</c>.</summary>
    public string? DeviceDnsName { get; }

    /// <summary>The further device items, in order (at most <see cref="MaxLines"/>); null when the alert names one device or none.</summary>
    public IReadOnlyList<EvidenceDevice>? MoreDevices { get; init; }

    /// <summary>
    /// One UTF-8 line per item, null items aside, up to <see cref="MaxLines"/>: <c>- {kind}: {detail} [{verdict}]</c>, the
    /// kind being the <c>@odata.type</c> after its last dot and the detail, trimmed, what the kind says (a device's host, id
    /// and addresses; a file's path, name and SHA-256; a process's command line; an address; a URL; a user's domain and
    /// account).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The alert was handled and its evidence given back.</exception>
    public ReadOnlyMemory<byte> Summary =>
        (_lines ?? throw new ObjectDisposedException(nameof(AlertEvidence), "The alert was handled: its evidence was given back.")).WrittenMemory;

    /// <summary>Gives the lines' buffer back to the pool.</summary>
    public void Dispose() => Interlocked.Exchange(ref _lines, null)?.Dispose();
}

/// <summary>A device an alert's evidence names: its <c>mdeDeviceId</c> and <c>deviceDnsName</c> (one of them at least).</summary>
internal sealed record EvidenceDevice(string? DeviceId, string? DeviceDnsName);
