using System.Diagnostics;
using Microsoft.Graph;
using Microsoft.Graph.Models.Security;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Chariot.Benchmarks.Sync;

/// <summary>
/// For scale: Microsoft's Graph SDK for .NET fetching and parsing alerts_v2 (<see cref="PageIterator{TEntity, TCollectionPage}"/>
/// over 1,000-alert pages), measured the way the plain client measures itself. Fetch and parse only: no mapping, no output.
/// </summary>
internal static class GraphSdkClient
{
    public static async Task<(long Alerts, double Seconds, long AllocatedBytes)> RunAsync(Connection connection, CancellationToken cancellationToken)
    {
        var app = connection.Apps["sdk"];
        using var http = new HttpClient(connection.TrustingHandler());
        var token = await TokenAsync(http, connection, app, cancellationToken);
        var client = new GraphServiceClient(http, new BaseBearerTokenAuthenticationProvider(new StaticToken(token)), new Uri(connection.Graph, "v1.0").ToString());

        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        long alerts = 0;
        var first = await client.Security.Alerts_v2.GetAsync(request => request.QueryParameters.Top = 1000, cancellationToken);
        var pages = PageIterator<Alert, AlertCollectionResponse>.CreatePageIterator(client, first!, _ =>
        {
            alerts++;
            return true;
        });
        await pages.IterateAsync(cancellationToken);
        return (alerts, clock.Elapsed.TotalSeconds, GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }

    private static async Task<string> TokenAsync(HttpClient http, Connection connection, BenchmarkApp app, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = app.ClientId,
            ["client_secret"] = app.ClientSecret,
            ["scope"] = "https://graph.microsoft.com/.default",
        });
        using var answer = await http.PostAsync(new Uri(connection.Authority, $"{connection.TenantId}/oauth2/v2.0/token"), form, cancellationToken);
        answer.EnsureSuccessStatusCode();
        var body = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync(answer.Content, Reference.ReferenceJson.Default.TokenAnswer, cancellationToken);
        return body!.AccessToken;
    }

    private sealed class StaticToken(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(token);
    }
}
