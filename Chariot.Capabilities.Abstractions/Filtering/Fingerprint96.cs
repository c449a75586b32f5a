namespace Chariot.Capabilities.Filtering;

/// <summary>A key's 96-bit fingerprint as <see cref="KeySet"/> keeps it, ordered by its high 64 bits, then its low 32.</summary>
internal readonly record struct Fingerprint96(ulong High, uint Low) : IComparable<Fingerprint96>
{
    /// <summary>Bytes a fingerprint takes in a run file.</summary>
    public const int Size = sizeof(ulong) + sizeof(uint);

    public int CompareTo(Fingerprint96 other) =>
        High != other.High ? High.CompareTo(other.High) : Low.CompareTo(other.Low);

    public static bool operator <(Fingerprint96 left, Fingerprint96 right) => left.CompareTo(right) < 0;

    public static bool operator >(Fingerprint96 left, Fingerprint96 right) => left.CompareTo(right) > 0;

    public static bool operator <=(Fingerprint96 left, Fingerprint96 right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Fingerprint96 left, Fingerprint96 right) => left.CompareTo(right) >= 0;

    public void Write(Span<byte> destination)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination, High);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(destination[sizeof(ulong)..], Low);
    }

    public static Fingerprint96 Read(ReadOnlySpan<byte> source) => new(
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(source),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(source[sizeof(ulong)..]));
}
