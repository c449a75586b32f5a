namespace Chariot.Capabilities;

/// <summary>
/// The host's seam for HTTP: a plugin asks it for the primary handler of each HTTP client it creates, so a host can
/// route traffic through a proxy, trust a test certificate or answer from a fake service.
/// </summary>
/// <remarks>It uses only BCL types, so it crosses the plugin load-context boundary whatever HTTP stack the plugin uses.</remarks>
public interface IHttpHandlerSource
{
    /// <summary>Creates the innermost handler for the named client; the caller owns and disposes it.</summary>
    HttpMessageHandler CreatePrimaryHandler(string clientName);
}
