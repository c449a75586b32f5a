namespace Chariot.Capabilities.Emission;

/// <summary>What an emitter has sent and dropped so far.</summary>
/// <param name="Assets">Assets sent.</param>
/// <param name="Risks">Risks sent.</param>
/// <param name="Attributes">Attributes sent.</param>
/// <param name="Files">Files sent.</param>
/// <param name="AssetsFiltered">Assets the filter dropped.</param>
/// <param name="RisksFiltered">Risks the filter dropped.</param>
/// <param name="AttributesFiltered">Attributes dropped because their parent was dropped.</param>
public sealed record EmissionCounts(
    long Assets,
    long Risks,
    long Attributes,
    long Files,
    long AssetsFiltered,
    long RisksFiltered,
    long AttributesFiltered);
