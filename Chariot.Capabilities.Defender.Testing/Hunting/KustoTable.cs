namespace Chariot.Capabilities.Defender.Testing.Hunting;

/// <summary>The column types of the subset, named in a result's schema as the service names them.</summary>
internal enum KustoType
{
    String,
    Int32,
    Boolean,
    DateTime,
    Object,
}

/// <summary>A column of a table or result.</summary>
internal sealed record KustoColumn(string Name, KustoType Type);

/// <summary>
/// A table as the operators pass it on: its columns and its rows (values by column: string, int, bool,
/// <see cref="DateTimeOffset"/>, a <see cref="System.Text.Json.JsonElement"/> for dynamic, or null), read lazily.
/// </summary>
internal sealed record KustoTable(IReadOnlyList<KustoColumn> Columns, IEnumerable<object?[]> Rows)
{
    public int IndexOf(string name, int position)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == name)
            {
                return i;
            }
        }

        throw new KustoSyntaxException($"Failed to resolve scalar expression named '{name}' (position {position}).");
    }
}

/// <summary>A bound scalar expression: its type and how a row gives its value.</summary>
internal sealed record KustoExpression(KustoType Type, Func<object?[], object?> Evaluate);
