using Chariot.Capabilities.Checkpoints;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Emission;

/// <summary>What travels from a capability to its host, in order: models, and checkpoints reached after them.</summary>
public abstract record EmittedItem;

/// <summary>A model that passed the filter.</summary>
/// <param name="Model">The model.</param>
public sealed record EmittedModel(ChariotModel Model) : EmittedItem;

/// <summary>
/// A checkpoint the capability reached: everything it depends on was emitted before it. The host saves it once
/// everything before it was written: at the end of the job, only if the whole job succeeded; or, for
/// <see cref="IsProgress"/>, at once, whatever happens to the rest of the job.
/// </summary>
/// <param name="Key">Which checkpoint.</param>
/// <param name="Value">The value to save.</param>
public sealed record CheckpointReached(CheckpointKey Key, string Value) : EmittedItem
{
    /// <summary>
    /// Whether this is progress that stays true whatever the job does next (a stream that stops half way resumes from
    /// it): saved as soon as the results before it are written, even if the job later fails or is cancelled.
    /// </summary>
    public bool IsProgress { get; init; }
}
