namespace Chariot.Capabilities.Models;

/// <summary>
/// A value a model works out from its other properties (its key, an asset's class), kept once made: an attribute
/// line serializes its parent, and a parent has many attributes. The properties it comes from clear it when set (a
/// <c>with</c> copy sets them after copying), and it never takes part in a record's equality.
/// </summary>
internal struct Derived<T> : IEquatable<Derived<T>>
    where T : class
{
    private T? _value;

    public T Get<TModel>(TModel model, Func<TModel, T> make)
    {
        // Two threads may both make it: the values are equal, and either one is kept.
        return Volatile.Read(ref _value) ?? (_value = make(model));
    }

    public void Clear() => _value = null;

    public readonly bool Equals(Derived<T> other) => true;

    public override readonly bool Equals(object? obj) => obj is Derived<T>;

    public override readonly int GetHashCode() => 0;
}
