namespace Chariot.Capabilities.Defender.Testing.Routing;

/// <summary>Which Microsoft service a request was addressed to: the handler tells by host name, the server by port.</summary>
internal enum HostRole
{
    Unknown = 0,
    Authority,
    Graph,
    Defender,
    Blob,
}
