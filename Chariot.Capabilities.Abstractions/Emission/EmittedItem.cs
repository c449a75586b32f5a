using System.Text;
using Chariot.Capabilities.Checkpoints;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Emission;

/// <summary>
/// What travels from a capability to its host, in order: a model that passed the filter, or a checkpoint reached after
/// the models before it. A value, so the millions of models a sync sends take nothing more to travel.
/// </summary>
public readonly record struct Emitted
{
    internal Emitted(ChariotModel model) => Model = model;

    internal Emitted(CheckpointReached checkpoint) => Checkpoint = checkpoint;

    /// <summary>The model, or null for a checkpoint.</summary>
    public ChariotModel? Model { get; }

    /// <summary>The checkpoint, or null for a model.</summary>
    public CheckpointReached? Checkpoint { get; }
}

/// <summary>
/// A checkpoint the capability reached: everything it depends on was emitted before it. The host saves it once
/// everything before it was written: at the end of the job, only if the whole job succeeded; or, for
/// <see cref="IsProgress"/>, at once, whatever happens to the rest of the job.
/// </summary>
public sealed record CheckpointReached
{
    /// <summary>A checkpoint whose value is text.</summary>
    /// <param name="key">Which checkpoint.</param>
    /// <param name="value">The value to save.</param>
    public CheckpointReached(CheckpointKey key, string value)
        : this(key, Encoding.UTF8.GetBytes(value ?? throw new ArgumentNullException(nameof(value))))
    {
    }

    /// <summary>A checkpoint whose value is given as UTF-8 bytes, which must not change afterwards.</summary>
    /// <param name="key">Which checkpoint.</param>
    /// <param name="utf8Value">The value to save, as UTF-8.</param>
    public CheckpointReached(CheckpointKey key, ReadOnlyMemory<byte> utf8Value)
    {
        Key = key;
        Utf8Value = utf8Value;
    }

    /// <summary>Which checkpoint.</summary>
    public CheckpointKey Key { get; }

    /// <summary>The value to save, as UTF-8 (as the host saves it).</summary>
    public ReadOnlyMemory<byte> Utf8Value { get; }

    /// <summary>The value to save, as text.</summary>
    public string Value => Encoding.UTF8.GetString(Utf8Value.Span);

    /// <summary>
    /// Whether this is progress that stays true whatever the job does next (a stream that stops half way resumes from
    /// it): saved as soon as the results before it are written, even if the job later fails or is cancelled.
    /// </summary>
    public bool IsProgress { get; init; }

    /// <summary>Equal when the key, the kind and the value's bytes are.</summary>
    public bool Equals(CheckpointReached? other) =>
        other is not null && Key == other.Key && IsProgress == other.IsProgress && Utf8Value.Span.SequenceEqual(other.Utf8Value.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Key, IsProgress, Utf8Value.Length);
}
