using Chariot.Capabilities.Defender.Api.Dtos;

namespace Chariot.Capabilities.Defender.Alerts;

/// <summary>One step of the alert listing: an alert, or the end of a page.</summary>
/// <param name="Alert">The alert read, or null at the end of a page.</param>
/// <param name="PageEnd">Where the listing stands at the end of a page, or null for an alert.</param>
/// <param name="OldestFirst">Whether the listing reads oldest change first (else newest first, for the rest of the sync).</param>
internal readonly record struct AlertListingStep(GraphAlert? Alert, AlertPageEnd? PageEnd, bool OldestFirst);
