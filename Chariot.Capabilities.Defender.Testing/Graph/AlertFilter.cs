using Chariot.Capabilities.Defender.Testing.Data;
using Chariot.Capabilities.Defender.Testing.OData;

namespace Chariot.Capabilities.Defender.Testing.Graph;

/// <summary>The alerts_v2 properties Graph documents as filterable, resolved from a stored alert.</summary>
internal static class AlertFilter
{
    public static FilterSchema Schema { get; } = new(
        "assignedTo", "classification", "determination", "createdDateTime", "lastUpdateDateTime", "severity", "serviceSource", "status");

    public static Func<string, object?> Resolver(FakeAlert alert) => field => field.ToLowerInvariant() switch
    {
        "assignedto" => alert.AssignedTo,
        "classification" => alert.Classification,
        "determination" => alert.Determination,
        "createddatetime" => alert.CreatedDateTime,
        "lastupdatedatetime" => alert.LastUpdateDateTime,
        "severity" => alert.Severity,
        "servicesource" => alert.ServiceSource,
        "status" => alert.Status,
        _ => throw new FilterSyntaxException($"Invalid filter clause: the property '{field}' is not supported in $filter."),
    };
}
