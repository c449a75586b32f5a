namespace Chariot.Capabilities.Defender.Testing.Data;

/// <summary>Items addressed by position: a list for documented data, a function of the index for generated data.</summary>
internal interface IIndexedSource<out T>
{
    long Count { get; }

    T Get(long index);
}

internal sealed class ListSource<T>(IReadOnlyList<T> items) : IIndexedSource<T>
{
    public long Count => items.Count;

    public T Get(long index) => items[checked((int)index)];
}

/// <summary>Computes item N from N alone, so page N of millions of rows costs nothing until it is served.</summary>
internal sealed class ComputedSource<T>(long count, Func<long, T> compute) : IIndexedSource<T>
{
    public long Count => count;

    public T Get(long index) => compute(index);
}
