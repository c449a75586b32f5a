namespace Chariot.Capabilities.Defender.Http;

/// <summary>
/// One kind of call the plugin makes: the client-side budget it draws on (Microsoft's documented limits, by
/// <see cref="ApiBudgets"/>) and the summary stream its calls, retries and 429s count under.
/// </summary>
/// <param name="Budget">Its documented budget; null for calls with none (export files).</param>
/// <param name="Stream">The summary stream.</param>
internal record CallKind(DocumentedBudget? Budget, string Stream);
