using Chariot.Capabilities;
using Chariot.Capabilities.Defender.Testing.Hosting;
using Chariot.EndToEnd.Tests.Support;

namespace Chariot.EndToEnd.Tests;

/// <summary>
/// A job's HTTP handlers, and so its pooled connections, end with the job: the plugin's IHttpClientFactory never
/// disposes its handlers (they never expire, and disposing the job's provider does not dispose them, dotnet/runtime#113494),
/// so without the host every job of an <c>--every</c> loop left its connections open on both ends until their idle timeout.
/// </summary>
public sealed class ConnectionReleaseTests(FakeTenantFixture fixture) : IClassFixture<FakeTenantFixture>
{
    [Fact]
    public async Task Each_job_disposes_the_http_handlers_it_was_given_before_the_next_job_starts()
    {
        var handlers = new DisposalTrackingHandlerSource(fixture.Server);
        var host = new EndToEndHost(fixture.PluginsDirectory, fixture.WorkDirectory, handlers);
        var jobFile = fixture.Job().WriteTo(fixture.WorkDirectory);

        // Two jobs one after the other in one command, as two runs of --every are.
        var result = await host.RunAsync("run", "--job", jobFile, "--job", jobFile, "--out", fixture.NewPath("results.ndjson"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var created = handlers.Created;
        Assert.NotEmpty(created);

        // Each named client gets one primary handler per job: when the second job asked for one, the first job's was gone.
        Assert.All(created.GroupBy(h => h.ClientName), byName => Assert.Equal(2, byName.Count()));
        Assert.Empty(handlers.StillOpenWhenTheSameClientWasCreatedAgain);
        Assert.All(created, h => Assert.True(h.Disposed, $"the primary handler of '{h.ClientName}' was not disposed after its job"));
    }

    private sealed class DisposalTrackingHandlerSource(FakeDefenderServer server) : IHttpHandlerSource
    {
        private readonly Lock _lock = new();
        private readonly List<TrackedHandler> _created = [];
        private readonly List<string> _stillOpen = [];

        public IReadOnlyList<TrackedHandler> Created
        {
            get
            {
                lock (_lock)
                {
                    return [.. _created];
                }
            }
        }

        public IReadOnlyList<string> StillOpenWhenTheSameClientWasCreatedAgain
        {
            get
            {
                lock (_lock)
                {
                    return [.. _stillOpen];
                }
            }
        }

        public HttpMessageHandler CreatePrimaryHandler(string clientName)
        {
            var trusting = server.CreateTrustingHandler();
            trusting.UseProxy = false;
            var handler = new TrackedHandler(clientName) { InnerHandler = trusting };
            lock (_lock)
            {
                _stillOpen.AddRange(_created.Where(h => h.ClientName == clientName && !h.Disposed).Select(h => h.ClientName));
                _created.Add(handler);
            }

            return handler;
        }
    }

    private sealed class TrackedHandler(string clientName) : DelegatingHandler
    {
        private int _disposed;

        public string ClientName { get; } = clientName;

        public bool Disposed => Volatile.Read(ref _disposed) == 1;

        protected override void Dispose(bool disposing)
        {
            Interlocked.Exchange(ref _disposed, 1);
            base.Dispose(disposing);
        }
    }
}
