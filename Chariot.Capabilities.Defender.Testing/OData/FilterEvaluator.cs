using System.Globalization;

namespace Chariot.Capabilities.Defender.Testing.OData;

/// <summary>
/// Evaluates a parsed <c>$filter</c> against one entity, whose properties come from a resolver.
/// Strings compare case-insensitively (enum values arrive as <c>High</c> or <c>high</c>); a null never orders.
/// </summary>
internal static class FilterEvaluator
{
    public static bool Matches(FilterExpression? filter, Func<string, object?> resolve) =>
        filter is null || Evaluate(filter, resolve);

    private static bool Evaluate(FilterExpression expression, Func<string, object?> resolve) => expression switch
    {
        LogicalExpression { Operator: "and" } and => Evaluate(and.Left, resolve) && Evaluate(and.Right, resolve),
        LogicalExpression or => Evaluate(or.Left, resolve) || Evaluate(or.Right, resolve),
        NotExpression not => !Evaluate(not.Operand, resolve),
        InExpression @in => @in.Values.Any(value => Compare(resolve(@in.Field.Name), value.Value) == 0),
        ComparisonExpression comparison => EvaluateComparison(comparison, resolve),
        FunctionCall call => EvaluateFunction(call, resolve),
        AnyExpression any => resolve(any.Collection.Name) is IEnumerable<string> elements
            && elements.Any(element => Evaluate(any.Predicate, field => field == any.Variable ? element : resolve(field))),
        _ => throw new FilterSyntaxException($"Invalid filter clause: {expression.GetType().Name} is not a condition."),
    };

    private static bool EvaluateComparison(ComparisonExpression comparison, Func<string, object?> resolve)
    {
        var left = Value(comparison.Left, resolve);
        var right = Value(comparison.Right, resolve);
        var order = Compare(left, right);
        return comparison.Operator switch
        {
            "eq" => order == 0,
            "ne" => order != 0,
            "gt" => order is > 0 and not int.MaxValue,
            "ge" => order is >= 0 and not int.MaxValue,
            "lt" => order is < 0 and not int.MinValue,
            "le" => order is <= 0 and not int.MinValue,
            _ => throw new FilterSyntaxException($"Invalid filter clause: operator '{comparison.Operator}'."),
        };
    }

    private static bool EvaluateFunction(FunctionCall call, Func<string, object?> resolve)
    {
        var subject = Value(call.Arguments[0], resolve) as string;
        var argument = (string)((LiteralValue)call.Arguments[1]).Value!;
        if (subject is null)
        {
            return false;
        }

        return call.Name switch
        {
            "startswith" => subject.StartsWith(argument, StringComparison.OrdinalIgnoreCase),
            "endswith" => subject.EndsWith(argument, StringComparison.OrdinalIgnoreCase),
            _ => subject.Contains(argument, StringComparison.OrdinalIgnoreCase),
        };
    }

    private static object? Value(FilterExpression operand, Func<string, object?> resolve) => operand switch
    {
        FieldReference field => resolve(field.Name),
        LiteralValue literal => literal.Value,
        _ => throw new FilterSyntaxException("Invalid filter clause: only properties and literals can be compared."),
    };

    /// <summary>0 when equal; int.MaxValue / int.MinValue mark "not comparable" (nulls, mixed types) for ordering operators.</summary>
    private static int Compare(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null ? 0 : int.MaxValue;
        }

        switch (left, right)
        {
            case (DateTimeOffset l, DateTimeOffset r):
                return l.CompareTo(r);
            case (DateTimeOffset l, string r) when TryParseDate(r, out var parsed):
                return l.CompareTo(parsed);
            case (string l, DateTimeOffset r) when TryParseDate(l, out var parsed):
                return parsed.CompareTo(r);
            case (string l, string r):
                return Math.Sign(string.Compare(l, r, StringComparison.OrdinalIgnoreCase));
            case (bool l, bool r):
                return l == r ? 0 : int.MaxValue;
            case (IReadOnlyCollection<string> values, string r):
                return values.Contains(r, StringComparer.OrdinalIgnoreCase) ? 0 : int.MaxValue;
        }

        if (IsNumber(left) && IsNumber(right))
        {
            return Convert.ToDouble(left, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(right, CultureInfo.InvariantCulture));
        }

        throw new FilterSyntaxException($"Invalid filter clause: cannot compare {left.GetType().Name} with {right.GetType().Name}.");
    }

    private static bool IsNumber(object value) => value is int or long or double or decimal;

    private static bool TryParseDate(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
}
