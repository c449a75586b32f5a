namespace Chariot.Capabilities.Defender.Testing.OData;

/// <summary>
/// A recursive-descent parser for the OData <c>$filter</c> subset the Defender APIs accept:
/// <c>eq ne gt ge lt le</c>, <c>and or not</c>, parentheses, <c>in (...)</c> and
/// <c>startswith/endswith/contains</c>, and a lambda on a collection property (<c>machineTags/any(tag: tag eq 'x')</c>, as
/// the OData samples of Defender for Endpoint write it). Fields are checked against the endpoint's <see cref="FilterSchema"/>.
/// </summary>
internal sealed class FilterParser
{
    private static readonly HashSet<string> ComparisonOperators = new(StringComparer.OrdinalIgnoreCase) { "eq", "ne", "gt", "ge", "lt", "le" };
    private static readonly HashSet<string> Functions = new(StringComparer.OrdinalIgnoreCase) { "startswith", "endswith", "contains" };

    private readonly List<FilterToken> _tokens;
    private readonly FilterSchema _schema;
    private int _next;
    private string? _lambdaVariable;

    private FilterParser(List<FilterToken> tokens, FilterSchema schema)
    {
        _tokens = tokens;
        _schema = schema;
    }

    public static FilterExpression Parse(string filter, FilterSchema schema)
    {
        var parser = new FilterParser(FilterLexer.Tokenize(filter), schema);
        var expression = parser.ParseOr();
        var trailing = parser.Peek();
        if (trailing.Kind != FilterTokenKind.End)
        {
            throw new FilterSyntaxException($"Syntax error at position {trailing.Position} in '{filter}': unexpected '{trailing.Text}'.");
        }

        return expression;
    }

    private FilterExpression ParseOr()
    {
        var left = ParseAnd();
        while (IsKeyword("or"))
        {
            _next++;
            left = new LogicalExpression("or", left, ParseAnd());
        }

        return left;
    }

    private FilterExpression ParseAnd()
    {
        var left = ParseUnary();
        while (IsKeyword("and"))
        {
            _next++;
            left = new LogicalExpression("and", left, ParseUnary());
        }

        return left;
    }

    private FilterExpression ParseUnary()
    {
        if (IsKeyword("not"))
        {
            _next++;
            return new NotExpression(ParseUnary());
        }

        if (Peek().Kind == FilterTokenKind.OpenParen)
        {
            _next++;
            var inner = ParseOr();
            Expect(FilterTokenKind.CloseParen);
            return inner;
        }

        return ParseComparison();
    }

    private FilterExpression ParseComparison()
    {
        var left = ParseOperand();
        var token = Peek();
        if (token.Kind == FilterTokenKind.Identifier && ComparisonOperators.Contains(token.Text))
        {
            _next++;
            var right = ParseOperand();
            return new ComparisonExpression(token.Text.ToLowerInvariant(), left, right);
        }

        if (IsKeyword("in"))
        {
            _next++;
            if (left is not FieldReference field)
            {
                throw new FilterSyntaxException("Syntax error: 'in' must follow a property name.");
            }

            Expect(FilterTokenKind.OpenParen);
            var values = new List<LiteralValue>();
            do
            {
                values.Add(ParseOperand() as LiteralValue ?? throw new FilterSyntaxException("Syntax error: 'in' takes literal values only."));
            }
            while (TryTake(FilterTokenKind.Comma));
            Expect(FilterTokenKind.CloseParen);
            return new InExpression(field, values);
        }

        if (left is FunctionCall or AnyExpression)
        {
            return left;
        }

        throw new FilterSyntaxException($"Syntax error at position {token.Position}: expected a comparison operator after '{Describe(left)}'.");
    }

    private FilterExpression ParseOperand()
    {
        var token = Peek();
        _next++;
        switch (token.Kind)
        {
            case FilterTokenKind.String or FilterTokenKind.Number or FilterTokenKind.DateTime:
                return new LiteralValue(token.Value);
            case FilterTokenKind.Identifier when token.Text is "null":
                return new LiteralValue(null);
            case FilterTokenKind.Identifier when token.Text is "true" or "false":
                return new LiteralValue(token.Text == "true");
            case FilterTokenKind.Identifier when Peek().Kind == FilterTokenKind.OpenParen && token.Text.EndsWith("/any", StringComparison.OrdinalIgnoreCase):
                return ParseAny(token);
            case FilterTokenKind.Identifier when Peek().Kind == FilterTokenKind.OpenParen:
                return ParseFunction(token);
            case FilterTokenKind.Identifier when string.Equals(token.Text, _lambdaVariable, StringComparison.Ordinal):
                return new FieldReference(token.Text);
            case FilterTokenKind.Identifier:
                if (!_schema.Contains(token.Text))
                {
                    throw new FilterSyntaxException($"Invalid filter clause: the property '{token.Text}' is not supported in $filter. Supported: {_schema.Describe()}.");
                }

                return new FieldReference(token.Text);
            default:
                throw new FilterSyntaxException($"Syntax error at position {token.Position}: unexpected '{token.Text}'.");
        }
    }

    private AnyExpression ParseAny(FilterToken name)
    {
        var collection = name.Text[..^"/any".Length];
        if (!_schema.Contains(collection) || _lambdaVariable is not null)
        {
            throw new FilterSyntaxException($"Invalid filter clause: any() is not supported on '{collection}'.");
        }

        Expect(FilterTokenKind.OpenParen);
        var variable = Peek();
        if (variable.Kind != FilterTokenKind.Identifier || _schema.Contains(variable.Text))
        {
            throw new FilterSyntaxException($"Syntax error at position {variable.Position}: expected a lambda variable name in any().");
        }

        _next++;
        Expect(FilterTokenKind.Colon);
        _lambdaVariable = variable.Text;
        var predicate = ParseOr();
        _lambdaVariable = null;
        Expect(FilterTokenKind.CloseParen);
        return new AnyExpression(new FieldReference(collection), variable.Text, predicate);
    }

    private FunctionCall ParseFunction(FilterToken name)
    {
        if (!Functions.Contains(name.Text))
        {
            throw new FilterSyntaxException($"Invalid filter clause: the function '{name.Text}' is not supported.");
        }

        Expect(FilterTokenKind.OpenParen);
        var arguments = new List<FilterExpression>();
        do
        {
            arguments.Add(ParseOperand());
        }
        while (TryTake(FilterTokenKind.Comma));
        Expect(FilterTokenKind.CloseParen);
        if (arguments is not [FieldReference, LiteralValue { Value: string }])
        {
            throw new FilterSyntaxException($"Invalid filter clause: {name.Text} takes a property and a string literal.");
        }

        return new FunctionCall(name.Text.ToLowerInvariant(), arguments);
    }

    private FilterToken Peek() => _tokens[_next];

    private bool IsKeyword(string keyword) =>
        Peek() is { Kind: FilterTokenKind.Identifier } token && string.Equals(token.Text, keyword, StringComparison.OrdinalIgnoreCase);

    private bool TryTake(FilterTokenKind kind)
    {
        if (Peek().Kind != kind)
        {
            return false;
        }

        _next++;
        return true;
    }

    private void Expect(FilterTokenKind kind)
    {
        var token = Peek();
        if (token.Kind != kind)
        {
            throw new FilterSyntaxException($"Syntax error at position {token.Position}: expected {kind} but found '{token.Text}'.");
        }

        _next++;
    }

    private static string Describe(FilterExpression expression) => expression switch
    {
        FieldReference field => field.Name,
        LiteralValue literal => literal.Value?.ToString() ?? "null",
        _ => expression.GetType().Name,
    };
}
