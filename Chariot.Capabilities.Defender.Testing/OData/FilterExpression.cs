namespace Chariot.Capabilities.Defender.Testing.OData;

/// <summary>The syntax tree of a <c>$filter</c>.</summary>
internal abstract record FilterExpression;

internal sealed record FieldReference(string Name) : FilterExpression;

internal sealed record LiteralValue(object? Value) : FilterExpression;

internal sealed record ComparisonExpression(string Operator, FilterExpression Left, FilterExpression Right) : FilterExpression;

internal sealed record LogicalExpression(string Operator, FilterExpression Left, FilterExpression Right) : FilterExpression;

internal sealed record NotExpression(FilterExpression Operand) : FilterExpression;

internal sealed record InExpression(FieldReference Field, IReadOnlyList<LiteralValue> Values) : FilterExpression;

internal sealed record FunctionCall(string Name, IReadOnlyList<FilterExpression> Arguments) : FilterExpression;

/// <summary><c>collection/any(variable: predicate)</c>: true when the predicate holds for an element of the collection.</summary>
internal sealed record AnyExpression(FieldReference Collection, string Variable, FilterExpression Predicate) : FilterExpression;
