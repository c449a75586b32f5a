using System.Globalization;

namespace Chariot.Capabilities.Defender.Testing.Hunting;

/// <summary>
/// Runs a hunting query of the subset the fake understands over its tables, operator by operator as Kusto does, so a
/// query's order of operators changes its answer as it would in the service (filtering a flag before taking each
/// device's latest row keeps devices flagged at any time in the window). Tabular operators: <c>where</c>,
/// <c>summarize arg_max(Column, *) by Column</c>, <c>extend</c>, <c>project</c>, <c>order by</c> / <c>sort by</c>,
/// <c>take</c> / <c>limit</c>. Scalars: columns, <c>dynamic.Key</c>, string, number, timespan and bool literals,
/// <c>== != &lt; &gt; &lt;= &gt;=</c>, <c>and</c>, <c>or</c>, and the functions of <see cref="KustoFunctions"/>.
/// Anything else is refused with <see cref="KustoSyntaxException"/>, never ignored.
/// </summary>
internal sealed class KustoQuery
{
    private readonly List<KustoToken> _tokens;
    private readonly DateTimeOffset _now;
    private int _at;

    private KustoQuery(string text, DateTimeOffset now)
    {
        _tokens = KustoLexer.Tokens(text);
        _now = now;
    }

    private KustoToken Current => _tokens[_at];

    public static KustoTable Run(string text, Func<string, KustoTable?> tables, DateTimeOffset now)
    {
        var query = new KustoQuery(text, now);
        var name = query.Expect(KustoTokenKind.Name, "a table name");
        var table = tables(name.Text) ?? throw new KustoSyntaxException($"Failed to resolve table expression named '{name.Text}'.");
        while (query.Current.Is("|"))
        {
            query._at++;
            table = query.Operator(table);
        }

        return query.Current.Kind == KustoTokenKind.End ? table : throw query.Unexpected();
    }

    private KustoTable Operator(KustoTable table)
    {
        var word = Expect(KustoTokenKind.Name, "an operator");
        switch (word.Text)
        {
            case "where":
                var predicate = Expression(table);
                return predicate.Type == KustoType.Boolean
                    ? table with { Rows = table.Rows.Where(row => predicate.Evaluate(row) is true) }
                    : throw new KustoSyntaxException($"The where operator needs a boolean expression (position {word.Position}).");
            case "summarize":
                return ArgMax(table);
            case "extend":
                return Extend(table);
            case "project":
                return Project(table);
            case "order" or "sort":
                return Order(table);
            case "take" or "limit":
                var count = Int(Expect(KustoTokenKind.Number, "a row count"));
                return table with { Rows = table.Rows.Take(count) };
            default:
                throw new KustoSyntaxException($"The fake does not support the query operator '{word.Text}' (position {word.Position}).");
        }
    }

    // summarize arg_max(Arg, *) by Key: each key's row with the largest Arg (the first of equals), the key column first.
    private KustoTable ArgMax(KustoTable table)
    {
        ExpectName("arg_max");
        ExpectSymbol("(");
        var arg = table.IndexOf(Expect(KustoTokenKind.Name, "a column").Text, Current.Position);
        ExpectSymbol(",");
        ExpectSymbol("*");
        ExpectSymbol(")");
        ExpectName("by");
        var keyToken = Expect(KustoTokenKind.Name, "a column");
        var key = table.IndexOf(keyToken.Text, keyToken.Position);
        var order = new[] { key }.Concat(Enumerable.Range(0, table.Columns.Count).Where(i => i != key)).ToArray();
        return new KustoTable([.. order.Select(i => table.Columns[i])], Rows());

        IEnumerable<object?[]> Rows()
        {
            var latest = new Dictionary<object, object?[]>();
            var keys = new List<object>();
            foreach (var row in table.Rows)
            {
                if (row[key] is not { } value)
                {
                    continue;
                }

                if (!latest.TryGetValue(value, out var kept))
                {
                    keys.Add(value);
                    latest[value] = row;
                }
                else if (KustoFunctions.Compare(">", row[arg], kept[arg]))
                {
                    latest[value] = row;
                }
            }

            return keys.Select(k => order.Select(i => latest[k][i]).ToArray());
        }
    }

    private KustoTable Extend(KustoTable table)
    {
        do
        {
            var (name, expression) = Assignment(table);
            var existing = table.Columns.ToList().FindIndex(c => c.Name == name);
            var source = table.Rows;
            table = existing >= 0
                ? new KustoTable([.. table.Columns.Select((c, i) => i == existing ? new KustoColumn(name, expression.Type) : c)], source.Select(row => Replaced(row, existing, expression.Evaluate(row))))
                : new KustoTable([.. table.Columns, new KustoColumn(name, expression.Type)], source.Select(row => (object?[])[.. row, expression.Evaluate(row)]));
        }
        while (Skip(","));
        return table;

        static object?[] Replaced(object?[] row, int index, object? value)
        {
            var copy = (object?[])row.Clone();
            copy[index] = value;
            return copy;
        }
    }

    private KustoTable Project(KustoTable table)
    {
        var items = new List<(string Name, KustoExpression Expression)>();
        do
        {
            items.Add(Assignment(table));
        }
        while (Skip(","));
        return new KustoTable([.. items.Select(i => new KustoColumn(i.Name, i.Expression.Type))], table.Rows.Select(row => items.Select(i => i.Expression.Evaluate(row)).ToArray()));
    }

    private KustoTable Order(KustoTable table)
    {
        ExpectName("by");
        var token = Expect(KustoTokenKind.Name, "a column");
        var column = table.IndexOf(token.Text, token.Position);
        // Kusto sorts descending unless told asc.
        var sign = Skip("asc") ? 1 : Skip("desc") ? -1 : -1;
        var comparer = Comparer<object?[]>.Create((a, b) => sign *
            (KustoFunctions.Compare("<", a[column], b[column]) ? -1 : KustoFunctions.Compare(">", a[column], b[column]) ? 1 : 0));
        return table with { Rows = table.Rows.Order(comparer) };
    }

    // name = expression, or a bare column (its own name).
    private (string Name, KustoExpression Expression) Assignment(KustoTable table)
    {
        if (Current.Kind == KustoTokenKind.Name && _tokens[_at + 1].Is("="))
        {
            var name = Current.Text;
            _at += 2;
            return (name, Expression(table));
        }

        var token = Expect(KustoTokenKind.Name, "a column or an assignment");
        var index = table.IndexOf(token.Text, token.Position);
        return (token.Text, new KustoExpression(table.Columns[index].Type, row => row[index]));
    }

    private KustoExpression Expression(KustoTable table)
    {
        var left = Conjunction(table);
        while (Skip("or"))
        {
            var (a, b) = (left, Conjunction(table));
            left = new KustoExpression(KustoType.Boolean, row => a.Evaluate(row) is true || b.Evaluate(row) is true);
        }

        return left;
    }

    private KustoExpression Conjunction(KustoTable table)
    {
        var left = Comparison(table);
        while (Skip("and"))
        {
            var (a, b) = (left, Comparison(table));
            left = new KustoExpression(KustoType.Boolean, row => a.Evaluate(row) is true && b.Evaluate(row) is true);
        }

        return left;
    }

    private KustoExpression Comparison(KustoTable table)
    {
        var left = Primary(table);
        if (Current.Kind == KustoTokenKind.Symbol && Current.Text is "==" or "!=" or "=~" or ">" or "<" or ">=" or "<=")
        {
            var (op, position) = (Current.Text, Current.Position);
            _at++;
            var right = Primary(table);
            if (op is ">" or "<" or ">=" or "<=" && left.Type == KustoType.String && right.Type == KustoType.String)
            {
                // As Kusto answers: strings are ordered through strcmp(), never by these operators.
                throw new KustoSyntaxException($"Cannot compare values of types string and string. Try adding explicit casts (position {position}).");
            }

            return new KustoExpression(KustoType.Boolean, row => KustoFunctions.Compare(op, left.Evaluate(row), right.Evaluate(row)));
        }

        return left;
    }

    private KustoExpression Primary(KustoTable table)
    {
        var token = Current;
        _at++;
        switch (token.Kind)
        {
            case KustoTokenKind.String:
                return new KustoExpression(KustoType.String, _ => token.Text);
            case KustoTokenKind.Number:
                var number = Int(token);
                return new KustoExpression(KustoType.Int32, _ => number);
            case KustoTokenKind.Timespan:
                var span = KustoLexer.TimespanOf(token);
                return new KustoExpression(KustoType.Object, _ => span);
            case KustoTokenKind.Symbol when token.Text == "(":
                var inner = Expression(table);
                ExpectSymbol(")");
                return inner;
            case KustoTokenKind.Name when token.Text is "true" or "false":
                var flag = token.Text == "true";
                return new KustoExpression(KustoType.Boolean, _ => flag);
            case KustoTokenKind.Name when Current.Is("("):
                _at++;
                var args = new List<KustoExpression>();
                while (!Skip(")"))
                {
                    args.Add(Expression(table));
                    if (!Current.Is(")"))
                    {
                        ExpectSymbol(",");
                    }
                }

                return KustoFunctions.Call(token.Text, args, _now, token.Position);
            case KustoTokenKind.Name:
                var index = table.IndexOf(token.Text, token.Position);
                var column = new KustoExpression(table.Columns[index].Type, row => row[index]);
                while (Skip("."))
                {
                    var key = Expect(KustoTokenKind.Name, "a property name").Text;
                    var parent = column;
                    column = new KustoExpression(KustoType.Object, row =>
                        parent.Evaluate(row) is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Object } element
                        && element.TryGetProperty(key, out var value) ? value : null);
                }

                return column;
            default:
                _at--;
                throw Unexpected();
        }
    }

    // A whole number literal; one past Int32 is refused as the service refuses what it cannot compile (not a 500).
    private static int Int(KustoToken token) => int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
        ? number
        : throw new KustoSyntaxException($"The number {token.Text} at position {token.Position} is out of range.");

    private bool Skip(string text)
    {
        if (Current.Is(text) || Current.IsName(text))
        {
            _at++;
            return true;
        }

        return false;
    }

    private void ExpectSymbol(string symbol)
    {
        if (!Skip(symbol))
        {
            throw Unexpected($"'{symbol}'");
        }
    }

    private void ExpectName(string name)
    {
        if (!Current.IsName(name))
        {
            throw Unexpected($"'{name}'");
        }

        _at++;
    }

    private KustoToken Expect(KustoTokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            throw Unexpected(what);
        }

        return _tokens[_at++];
    }

    private KustoSyntaxException Unexpected(string? expected = null) => new(
        (Current.Kind == KustoTokenKind.End ? "Query could not be parsed: it ends too early" : $"Query could not be parsed at '{Current.Text}' (position {Current.Position})")
        + (expected is null ? "." : $": expected {expected}."));
}
