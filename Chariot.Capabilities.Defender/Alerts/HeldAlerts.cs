using System.Buffers;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>
/// The closed alerts a sync holds back until its listing ends, by risk key. Up to <c>inMemoryBytes</c> of their proofs,
/// comments and facts (as much as a progress save still carries) they stay in memory as mapped; past that, further ones go
/// to a temporary file in the form a checkpoint carries them, and only their key and place stay in memory. A first sync of
/// a large tenant holds back every resolved alert whose detection is open on no other alert of its host: all kept in
/// memory, they were most of what its alert phase added to the process (about 2.5 KB each).
/// </summary>
/// <remarks>
/// A held alert taken back from the file is kept in memory whenever it is held again (another closed alert of its detection
/// absorbed, facts and all): a detection that keeps closing on one host would otherwise be written again, larger, for
/// each of its alerts, and the file would grow with the square of their number. So the file is written about once per
/// detection held, and memory holds what the bound allows plus the detections that came back.
/// </remarks>
internal sealed class HeldAlerts(long inMemoryBytes, string directory) : IDisposable
{
    // Every held alert by key, in memory or in the file: one dictionary, so they come out in the order the held alerts
    // did when all were in memory (the order a sync sends the closed risks in).
    private readonly Dictionary<string, Slot> _held = new(StringComparer.Ordinal);

    // The checkpoint's form of those in memory, made once per held alert rather than at every progress save.
    private readonly Dictionary<string, HeldAlert> _forms = new(StringComparer.Ordinal);
    private readonly HashSet<string> _cameBack = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private SafeFileHandle? _file;
    private long _end;
    private long _inMemoryBytes;

    /// <summary>How many alerts are held.</summary>
    public int Count => _held.Count;

    /// <summary>How many are in the file.</summary>
    public int OnDisk { get; private set; }

    /// <summary>Bytes written to the file so far.</summary>
    public long FileBytes => _end;

    /// <summary>About how many bytes the held alerts take in a checkpoint: their proofs, facts and comments.</summary>
    public long Bytes { get; private set; }

    /// <summary>The size <see cref="Bytes"/> counts for one held alert.</summary>
    public static long SizeOf(MappedAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var size = (long)alert.Proof.Bytes.Length + (alert.Risk.Comment?.Length ?? 0);
        for (var i = 0; i < alert.Attributes.Count; i++)
        {
            size += alert.Attributes[i].Name.Length + alert.Attributes[i].Value.Length;
        }

        return size;
    }

    /// <summary>Holds <paramref name="alert"/> for <paramref name="key"/>, in place of any held for it.</summary>
    public void Put(string key, MappedAlert alert)
    {
        Take(key);
        var size = SizeOf(alert);
        Bytes += size;
        if (_cameBack.Contains(key) || _inMemoryBytes + size <= inMemoryBytes)
        {
            _held[key] = new Slot(alert, default);
            _inMemoryBytes += size;
            return;
        }

        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer))
        {
            JsonSerializer.Serialize(writer, HeldAlert.From(alert), AlertJson.Default.HeldAlert);
        }

        _file ??= TemporaryFile.Open(directory, "The held alerts");
        RandomAccess.Write(_file, _buffer.WrittenSpan, _end);
        _held[key] = new Slot(null, new Spilled(_end, _buffer.WrittenCount, size));
        OnDisk++;
        _end += _buffer.WrittenCount;
    }

    /// <summary>The alert held for <paramref name="key"/>, no longer held; null when none is.</summary>
    public MappedAlert? Take(string key)
    {
        if (!_held.Remove(key, out var slot))
        {
            return null;
        }

        if (slot.Alert is { } held)
        {
            var size = SizeOf(held);
            _inMemoryBytes -= size;
            Bytes -= size;
            _forms.Remove(key);
            return held;
        }

        Bytes -= slot.Spilled.Size;
        OnDisk--;
        _cameBack.Add(key);
        return Read(slot.Spilled).ToMapped();
    }

    /// <summary>Every held alert, those in the file read back.</summary>
    public IEnumerable<MappedAlert> All()
    {
        foreach (var slot in _held.Values)
        {
            // The file holds what HeldAlert.From made, which ToMapped reads back.
            yield return slot.Alert ?? Read(slot.Spilled).ToMapped()!;
        }
    }

    /// <summary>Every held alert in the form a checkpoint carries it, by key.</summary>
    public IEnumerable<KeyValuePair<string, HeldAlert>> Forms()
    {
        foreach (var (key, slot) in _held)
        {
            yield return new(key, slot.Alert is not { } held ? Read(slot.Spilled) : FormOf(key, held));
        }
    }

    private HeldAlert FormOf(string key, MappedAlert held)
    {
        if (!_forms.TryGetValue(key, out var form))
        {
            form = HeldAlert.From(held);
            _forms[key] = form;
        }

        return form;
    }

    public void Dispose() => _file?.Dispose();

    private HeldAlert Read(Spilled spilled)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(spilled.Length);
        try
        {
            if (TemporaryFile.ReadAt(_file!, bytes.AsSpan(0, spilled.Length), spilled.Offset) < spilled.Length)
            {
                throw new IOException("The held alerts' temporary file ended before an alert written to it.");
            }

            return JsonSerializer.Deserialize(bytes.AsSpan(0, spilled.Length), AlertJson.Default.HeldAlert)
                ?? throw new IOException("The held alerts' temporary file gave back a null alert.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>Where a held alert was written, and the size <see cref="Bytes"/> counts for it.</summary>
    private readonly record struct Spilled(long Offset, int Length, long Size);

    /// <summary>A held alert: in memory, or where it was written.</summary>
    private readonly record struct Slot(MappedAlert? Alert, Spilled Spilled);
}
