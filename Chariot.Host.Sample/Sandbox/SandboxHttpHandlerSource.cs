using Chariot.Capabilities;
using Chariot.Capabilities.Defender.Testing.Hosting;

namespace Chariot.Host.Sample.Sandbox;

/// <summary>
/// The sandbox's HTTP seam: every handler trusts the fake server's ephemeral certificate and nothing else, and
/// bypasses any proxy (the server is on loopback).
/// </summary>
internal sealed class SandboxHttpHandlerSource : IHttpHandlerSource
{
    private readonly FakeDefenderServer _server;

    /// <summary>Trusts <paramref name="server"/>'s certificate.</summary>
    public SandboxHttpHandlerSource(FakeDefenderServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        _server = server;
    }

    /// <inheritdoc />
    public HttpMessageHandler CreatePrimaryHandler(string clientName)
    {
        var handler = _server.CreateTrustingHandler();
        handler.UseProxy = false;
        return handler;
    }
}
