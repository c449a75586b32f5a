namespace Chariot.Capabilities.Defender.Testing.Data;

/// <summary>
/// The filterable and changeable part of a Graph alerts_v2 alert. The rest of the body (evidence, URLs, MITRE
/// techniques) is kept as JSON by the tenant and served as it is.
/// </summary>
/// <param name="Id">Alert id.</param>
/// <param name="Title">Title.</param>
/// <param name="Severity">Severity (open set: unknown, informational, low, medium, high, unknownFutureValue).</param>
/// <param name="Status">Status (open set: new, inProgress, resolved, unknown, unknownFutureValue).</param>
/// <param name="ServiceSource">Which Defender product raised it.</param>
/// <param name="CreatedDateTime">Creation time; pages are newest first by this.</param>
/// <param name="LastUpdateDateTime">Last change; incremental syncs filter on it.</param>
public sealed record FakeAlert(
    string Id,
    string Title,
    string Severity,
    string Status,
    string ServiceSource,
    DateTimeOffset CreatedDateTime,
    DateTimeOffset LastUpdateDateTime)
{
    /// <summary>Classification.</summary>
    public string? Classification { get; init; } = "unknown";

    /// <summary>Determination.</summary>
    public string? Determination { get; init; } = "unknown";

    /// <summary>Who the alert is assigned to.</summary>
    public string? AssignedTo { get; init; }

    /// <summary>Machine ids named by device evidence (<c>mdeDeviceId</c>); used when the tenant builds the evidence.</summary>
    public IReadOnlyList<string> DeviceIds { get; init; } = [];
}
