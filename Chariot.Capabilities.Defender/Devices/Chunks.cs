namespace Chariot.Capabilities.Defender.Devices;

/// <summary>A growing list of structs in chunks of 2,048 (each under the large object heap's threshold).</summary>
internal sealed class Chunks<T>
    where T : struct
{
    private const int Shift = 11;
    private readonly List<T[]> _chunks = [];

    public int Count { get; private set; }

    public ref T this[int index] => ref _chunks[index >> Shift][index & ((1 << Shift) - 1)];

    public int Add(T item)
    {
        if ((Count & ((1 << Shift) - 1)) == 0)
        {
            _chunks.Add(new T[1 << Shift]);
        }

        this[Count] = item;
        return Count++;
    }
}
