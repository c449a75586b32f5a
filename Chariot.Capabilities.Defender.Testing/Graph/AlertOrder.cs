using Chariot.Capabilities.Defender.Testing.Data;

namespace Chariot.Capabilities.Defender.Testing.Graph;

/// <summary>The order of an alerts_v2 listing: newest first by default; one <c>$orderby</c> clause on a time, when honoured.</summary>
internal sealed record AlertOrder(Func<FakeAlert, DateTimeOffset> Key, bool Descending)
{
    /// <summary>Graph's default: newest first by createdDateTime.</summary>
    public static AlertOrder NewestFirst { get; } = new(alert => alert.CreatedDateTime, Descending: true);

    /// <summary>The order a request asks for, or the 400 message that refuses it.</summary>
    public static (AlertOrder Order, string? Error) Parse(string? orderBy, AlertOrdering behaviour)
    {
        if (string.IsNullOrWhiteSpace(orderBy) || behaviour == AlertOrdering.Ignored)
        {
            return (NewestFirst, null);
        }

        if (behaviour == AlertOrdering.Refused)
        {
            return (NewestFirst, "The query specified in the URI is not valid. Query option 'OrderBy' is not allowed.");
        }

        var parts = orderBy.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Func<FakeAlert, DateTimeOffset>? key = parts[0].ToLowerInvariant() switch
        {
            "lastupdatedatetime" => alert => alert.LastUpdateDateTime,
            "createddatetime" => alert => alert.CreatedDateTime,
            _ => null,
        };
        var direction = parts.Length > 1 ? parts[1].ToLowerInvariant() : "asc";
        if (key is null || parts.Length > 2 || direction is not ("asc" or "desc"))
        {
            return (NewestFirst, $"Invalid $orderby '{orderBy}': the fake orders by lastUpdateDateTime or createdDateTime, asc or desc.");
        }

        return (new AlertOrder(key, direction == "desc"), null);
    }

    /// <summary>Sorts, ties by id so that <c>$skip</c> paging is stable.</summary>
    public IEnumerable<StoredAlert> Sort(IEnumerable<StoredAlert> alerts) =>
        (Descending ? alerts.OrderByDescending(stored => Key(stored.Alert)) : alerts.OrderBy(stored => Key(stored.Alert)))
            .ThenBy(stored => stored.Alert.Id, StringComparer.Ordinal);
}
