using System.Net;
using Chariot.Capabilities.Defender.Api;
using Chariot.Capabilities.Defender.Api.Dtos;
using Chariot.Capabilities.Defender.Configuration;
using Chariot.Capabilities.Defender.Paging;
using Chariot.Capabilities.Defender.Tests.Support;
using Chariot.Capabilities.Reporting;
using Microsoft.Extensions.Logging.Testing;

namespace Chariot.Capabilities.Defender.Tests.Paging;

[Collection(DrivenClock.Alone)]
public sealed class SilentBodyTests
{
    private static readonly ApiEndpoint Machines = new("machines", "Machine.Read.All", "WindowsDefenderATP", new Uri("https://api.securitycenter.microsoft.com"));

    [Fact]
    public async Task A_body_that_goes_silent_is_given_up_after_two_minutes_and_read_again()
    {
        var logger = new FakeLogger<ODataPager>();
        var counters = new RunSummary().Stream("devices");
        var time = new DrivenClock(DefenderHarness.Start);
        var attempts = 0;
        var full = """{"value":[{"id":"m1"},{"id":"m2"}]}"""u8.ToArray();
        var call = new PagedCall(
            Machines,
            _ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StreamContent(++attempts == 1 ? new StallingStream(full[..15]) : new MemoryStream(full)),
            }),
            (_, _) => throw new InvalidOperationException("there is one page"));
        var machines = new List<Machine>();

        // The clock moves only once nothing but its timers can move the read on, however slowly the machine runs it.
        await time.DriveAsync(async () =>
        {
            await foreach (var machine in new ODataPager(logger, time, new SyncOptions()).ReadAsync(call, DefenderJson.Default.Machine, counters, CancellationToken.None))
            {
                machines.Add(machine);
            }

            return machines.Count;
        });
        Assert.Equal(["m1", "m2"], machines.Select(m => m.Id));
        Assert.Equal((2, 1L), (attempts, counters.Retries));
        Assert.Equal(new SyncOptions().IdleTimeout, time.GetUtcNow() - time.Start); // given up exactly at the idle timeout
        Assert.Contains(logger.Collector.GetSnapshot(), l => l.Message.Contains("broke off (IOException)", StringComparison.Ordinal));
    }

    /// <summary>Gives some bytes, then nothing, ever: a half-open connection.</summary>
    private sealed class StallingStream(byte[] first) : Stream
    {
        private bool _gave;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_gave)
            {
                _gave = true;
                first.CopyTo(buffer);
                return first.Length;
            }

            await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
