namespace Chariot.Capabilities.Defender.Paging;

/// <summary>
/// A page over one of its caps (<see cref="PageLimits"/>): reading it again would meet the same cap. The message says
/// which, completing "The {listing} listing's page {n} ...".
/// </summary>
internal sealed class OversizedPageException(string message) : Exception(message);
