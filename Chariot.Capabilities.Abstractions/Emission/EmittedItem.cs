using Chariot.Capabilities.Checkpoints;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Emission;

/// <summary>What travels from a capability to its host, in order: models, and checkpoints reached after them.</summary>
public abstract record EmittedItem;

/// <summary>A model that passed the filter.</summary>
/// <param name="Model">The model.</param>
public sealed record EmittedModel(ChariotModel Model) : EmittedItem;

/// <summary>
/// A checkpoint the capability reached: everything it depends on was emitted before it. The host saves it only when the
/// whole job succeeds and everything before it was written.
/// </summary>
/// <param name="Key">Which checkpoint.</param>
/// <param name="Value">The value to save.</param>
public sealed record CheckpointReached(CheckpointKey Key, string Value) : EmittedItem;
