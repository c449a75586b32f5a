using System.Globalization;
using System.Text.Json;

namespace Chariot.Capabilities.Defender.Testing.Hunting;

/// <summary>
/// The scalar functions and comparisons of the subset. A comparison with null is false here (the queries the plugin sends
/// compare no null); <c>=~</c> is equality of text whatever its case; <c>strcmp</c> orders text ordinally.
/// </summary>
internal static class KustoFunctions
{
    public static KustoExpression Call(string name, IReadOnlyList<KustoExpression> args, DateTimeOffset now, int position)
    {
        KustoExpression One(KustoType type, Func<object?, object?> f) => args.Count == 1
            ? new(type, row => f(args[0].Evaluate(row)))
            : throw new KustoSyntaxException($"Function '{name}' expects 1 argument (position {position}).");

        return name switch
        {
            "ago" => One(KustoType.DateTime, value => value is TimeSpan span ? now - span : null),
            "parse_json" or "todynamic" => One(KustoType.Object, ParseJson),
            "tostring" => One(KustoType.String, ToText),
            "toint" => One(KustoType.Int32, ToInt),
            "todatetime" => One(KustoType.DateTime, ToDateTime),
            "isnotempty" => One(KustoType.Boolean, value => !IsEmpty(value)),
            "isempty" => One(KustoType.Boolean, value => IsEmpty(value)),
            "strcmp" when args.Count == 2 => new(KustoType.Int32, row => Math.Sign(string.CompareOrdinal(ToText(args[0].Evaluate(row)), ToText(args[1].Evaluate(row))))),
            _ => throw new KustoSyntaxException($"Failed to resolve scalar function named '{name}' (position {position})."),
        };
    }

    public static bool Compare(string op, object? left, object? right)
    {
        if (left is null || right is null)
        {
            return false;
        }

        if (op == "=~")
        {
            return ToText(left).Equals(ToText(right), StringComparison.OrdinalIgnoreCase);
        }

        var order = (left, right) switch
        {
            (string a, string b) => string.CompareOrdinal(a, b),
            (int a, int b) => a.CompareTo(b),
            (bool a, bool b) => a.CompareTo(b),
            (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
            _ => (int?)null,
        };
        return order is { } o && op switch
        {
            "==" => o == 0,
            "!=" => o != 0,
            ">" => o > 0,
            "<" => o < 0,
            ">=" => o >= 0,
            _ => o <= 0,
        };
    }

    private static bool IsEmpty(object? value) => value is null || value is string { Length: 0 };

    private static object? ParseJson(object? value)
    {
        if (value is not string text)
        {
            return value;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string ToText(object? value) => value switch
    {
        null => "",
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString()!,
        JsonElement { ValueKind: JsonValueKind.Null } => "",
        JsonElement element => element.GetRawText(),
        DateTimeOffset time => Written(time),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static object? ToInt(object? value) => value switch
    {
        int number => number,
        JsonElement { ValueKind: JsonValueKind.Number } element when element.TryGetInt32(out var number) => number,
        JsonElement { ValueKind: JsonValueKind.Number } element when element.TryGetDouble(out var real) && real is >= int.MinValue and <= int.MaxValue => (int)real, // 443.0 is 443
        JsonElement { ValueKind: JsonValueKind.String } element => ToInt(element.GetString()),
        string text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
        string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && real is >= int.MinValue and <= int.MaxValue => (int)real,
        _ => null,
    };

    private static object? ToDateTime(object? value) => value switch
    {
        DateTimeOffset time => time,
        JsonElement { ValueKind: JsonValueKind.String } element => ToDateTime(element.GetString()),
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) => time.ToUniversalTime(),
        _ => null,
    };

    /// <summary>A datetime as the service writes one: UTC, seven fraction digits, <c>Z</c>.</summary>
    public static string Written(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
