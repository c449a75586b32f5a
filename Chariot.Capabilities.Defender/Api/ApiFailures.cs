using System.Net;
using System.Text.Json;
using Chariot.Capabilities.Defender.Api.Dtos;

namespace Chariot.Capabilities.Defender.Api;

/// <summary>Turns an unsuccessful API answer into a message that says what to do; never includes a token.</summary>
internal static class ApiFailures
{
    private const int MaxBodyBytes = 4096;

    /// <summary>Throws a <see cref="CapabilityException"/> for an unsuccessful answer; returns when it succeeded.</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, ApiEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var detail = await ReadErrorAsync(response, cancellationToken);
        throw Describe(response.StatusCode, endpoint, detail);
    }

    /// <summary>The exception for a status code.</summary>
    public static CapabilityException Describe(HttpStatusCode status, ApiEndpoint endpoint, string detail)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var code = (int)status;
        return status switch
        {
            HttpStatusCode.Unauthorized => new CapabilityException(
                CapabilityFailure.Credentials,
                $"The {endpoint.Resource} API refused the token for {endpoint.Name} (401){detail}. Check that tenant_id, client_id and the cloud match the app registration."),
            HttpStatusCode.Forbidden => new CapabilityException(
                CapabilityFailure.Credentials,
                $"The app lacks the {endpoint.Permission} permission needed to read {endpoint.Name} (403){detail}. In the app registration, add the {endpoint.Resource} application permission {endpoint.Permission} and grant admin consent."),
            HttpStatusCode.TooManyRequests => new CapabilityException(
                CapabilityFailure.Vendor,
                $"The {endpoint.Resource} API kept throttling {endpoint.Name} (429) after every retry{detail}. Run the sync again later; other tools using the same app share its budget."),
            _ when code >= 500 => new CapabilityException(
                CapabilityFailure.Vendor,
                $"The {endpoint.Resource} API failed to return {endpoint.Name} (HTTP {code}) after every retry{detail}. The service is failing: run the sync again later, it goes on from the last saved checkpoint; if this lasts, check Microsoft's service health."),
            _ => new CapabilityException(
                CapabilityFailure.Vendor,
                $"The {endpoint.Resource} API refused the request for {endpoint.Name} (HTTP {code}){detail}. The sync stopped there, and the next goes on from the last saved checkpoint; if this lasts, report it with the log (the API may have changed)."),
        };
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxBodyBytes];
            var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            var error = JsonSerializer.Deserialize(buffer.AsSpan(0, length), DefenderJson.Default.ApiErrorBody)?.Error;
            var detail = error?.Code is { } errorCode ? $": {errorCode}: {error.Message}" : "";

            // A service may echo the token it refused; an opaque one is no JWT the host's masking would recognise.
            return response.RequestMessage?.Headers.Authorization?.Parameter is { Length: > 0 } token
                ? detail.Replace(token, "*****", StringComparison.Ordinal)
                : detail;
        }
        catch (JsonException)
        {
            // The body is not the documented error shape (an HTML proxy page, a truncated body): the status says enough.
            return "";
        }
    }
}
