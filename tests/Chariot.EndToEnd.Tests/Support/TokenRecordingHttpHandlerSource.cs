using System.Collections.Concurrent;
using System.Text.Json;
using Chariot.Capabilities;
using Chariot.Capabilities.Defender.Testing.Hosting;

namespace Chariot.EndToEnd.Tests.Support;

/// <summary>
/// The host's HTTP seam for the tests: like the sandbox's, every handler trusts only the fake server's certificate and
/// bypasses proxies; it also remembers every access token that crossed it (issued by the token endpoint, or sent as
/// a bearer), so the tests can prove none of them reached an output.
/// </summary>
public sealed class TokenRecordingHttpHandlerSource(FakeDefenderServer server) : IHttpHandlerSource
{
    private readonly ConcurrentDictionary<string, bool> _tokens = new(StringComparer.Ordinal);

    /// <summary>Every access token seen so far.</summary>
    public IReadOnlyCollection<string> Tokens => [.. _tokens.Keys];

    public HttpMessageHandler CreatePrimaryHandler(string clientName)
    {
        var trusting = server.CreateTrustingHandler();
        trusting.UseProxy = false;
        return new RecordingHandler(_tokens) { InnerHandler = trusting };
    }

    private sealed class RecordingHandler(ConcurrentDictionary<string, bool> tokens) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.Authorization is { Scheme: "Bearer", Parameter: { Length: > 0 } bearer })
            {
                tokens.TryAdd(bearer, true);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri?.AbsolutePath.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal) == true && response.IsSuccessStatusCode)
            {
                // Buffered, so MSAL still reads the whole body after us.
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                if (body.RootElement.TryGetProperty("access_token", out var token) && token.GetString() is { Length: > 0 } issued)
                {
                    tokens.TryAdd(issued, true);
                }
            }

            return response;
        }
    }
}
