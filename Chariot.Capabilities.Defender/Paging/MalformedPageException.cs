namespace Chariot.Capabilities.Defender.Paging;

/// <summary>A body that is whole JSON but not an OData page: reading it again will not help.</summary>
internal sealed class MalformedPageException(string message) : Exception(message);
