namespace Chariot.Capabilities.Defender.Http;

/// <summary>Microsoft's documented limit of one endpoint, per app and tenant.</summary>
/// <param name="Name">The budget's name (part of its key in the host's shared budgets).</param>
/// <param name="Graph">Whether the endpoint is on Microsoft Graph (else the Defender for Endpoint API).</param>
/// <param name="PerMinute">Calls a minute.</param>
/// <param name="PerHour">Calls an hour, where one is documented.</param>
internal sealed record DocumentedBudget(string Name, bool Graph, int PerMinute, int? PerHour);
