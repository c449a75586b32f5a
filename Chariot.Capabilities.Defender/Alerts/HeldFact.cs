namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>One attribute of a held alert.</summary>
/// <param name="Name">The attribute name.</param>
/// <param name="Value">The value.</param>
internal sealed record HeldFact(string Name, string Value);
