using System.Net;
using Chariot.Capabilities;
using Chariot.Capabilities.Checkpoints;
using Chariot.Host.Sample.Cli;
using Chariot.Host.Sample.Output;
using NSubstitute;

namespace Chariot.Host.Sample.Tests;

[Collection(EchoGroup.Name)]
public sealed class ConcurrencyTests(EchoPackage echo)
{
    private readonly HostHarness _host = new(echo);

    [Fact]
    public async Task Parallel_jobs_share_one_load_of_the_plugin_and_all_results_are_written()
    {
        var gate = new HttpGate(expectedCallers: 2);
        _host.HttpHandlers = gate.Source;
        var jobs = Enumerable.Range(0, 4).Select(i => _host.WriteJob(new Dictionary<string, string> { ["count"] = "5", ["url"] = "https://echo.test/" }, account: $"acct{i}"));

        var exitCode = await _host.RunAsync(["run", .. jobs.SelectMany(j => new[] { "--job", j }), "--parallel", "2"]);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(2, gate.MostConcurrent);

        // The plugin is loaded once for the command (each job still has its own services), and unloaded at its end.
        Assert.Equal(1, _host.LoadContexts.Created);
        var lines = HostHarness.Lines(_host.Out.ToString());
        Assert.Equal(40, lines.Count);
        Assert.All(lines, l => Assert.Equal("tester@example.com", l.GetProperty("model").GetProperty("username").GetString()));
    }

    [Fact]
    public async Task A_running_job_reports_progress_on_stderr_as_the_clock_advances()
    {
        var (run, gate) = await StartHeldRunAsync();
        _host.Time.Advance(TimeSpan.FromSeconds(5));
        gate.Release();

        Assert.Equal(ExitCodes.Success, await run);
        Assert.Contains("progress #integration#echo#acct:", _host.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_running_job_has_the_c_heap_trimmed_every_second_on_the_run_s_clock()
    {
        var (run, gate) = await StartHeldRunAsync();
        for (var second = 0; second < 3; second++)
        {
            _host.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var whileHeld = _host.NativeHeapTrims;
        gate.Release();

        Assert.Equal(ExitCodes.Success, await run);
        Assert.Equal((3, 4), (whileHeld, _host.NativeHeapTrims));
    }

    [Fact]
    public async Task Stopping_a_run_exits_130_and_does_not_advance_its_checkpoint()
    {
        var state = TempDirectory.Create("state");
        var gate = new HttpGate(expectedCallers: 1, hold: true);
        _host.HttpHandlers = gate.Source;
        using var stop = new CancellationTokenSource();

        var run = _host.RunAsync(stop.Token, "run", "--job", _host.WriteJob(new Dictionary<string, string> { ["url"] = "https://echo.test/" }), "--state", state);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Interrupted, await run);
        Assert.Contains("only the progress it had checkpointed along the way was saved", _host.Error.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(state, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Every_repeats_the_run_on_the_clock_until_stopped()
    {
        var state = TempDirectory.Create("state");
        using var stop = new CancellationTokenSource();
        var run = _host.RunAsync(stop.Token, "run", "--job", _host.WriteJob(new Dictionary<string, string> { ["count"] = "1" }), "--every", "1h", "--state", state);

        await WaitUntilAsync(() => _host.Error.ToString().Contains("next run in", StringComparison.Ordinal));
        _host.Time.Advance(TimeSpan.FromHours(1));
        await WaitUntilAsync(() => CountOf(_host.Error.ToString(), "next run in") == 2);
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Success, await run);
        Assert.Equal(1, _host.LoadContexts.Created);
        Assert.Equal("2", await new FileCheckpointStore(state).ReadAsync(new CheckpointKey("#integration#echo#acct", "echo"), CancellationToken.None));
    }

    [Fact]
    public async Task The_sync_interval_variable_named_after_the_integration_is_the_default_of_every()
    {
        _host.Variables["ECHO_SYNC_INTERVAL"] = "60";
        using var stop = new CancellationTokenSource();
        var run = _host.RunAsync(stop.Token, "run", "--job", _host.WriteJob());

        await WaitUntilAsync(() => _host.Error.ToString().Contains("next run in 00:01:00", StringComparison.Ordinal));
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Success, await run);
    }

    private static int CountOf(string text, string value) => text.Split(value).Length - 1;

    // The host runs on the thread pool; the test waits for what it prints, on a bounded loop of yields (no sleeping).
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            timeout.Token.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }

    /// <summary>An HTTP seam whose calls can be held open, counting how many are in flight at once.</summary>
    private sealed class HttpGate
    {
        private readonly int _expectedCallers;
        private readonly bool _hold;
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _allIn = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;
        private int _mostConcurrent;

        public HttpGate(int expectedCallers, bool hold = false)
        {
            _expectedCallers = expectedCallers;
            _hold = hold;
            Source = Substitute.For<IHttpHandlerSource>();
            Source.CreatePrimaryHandler(Arg.Any<string>()).Returns(_ => new GateHandler(this));
        }

        public IHttpHandlerSource Source { get; }

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int MostConcurrent => Volatile.Read(ref _mostConcurrent);

        public void Release() => _release.TrySetResult();

        private async Task<HttpResponseMessage> SendAsync(CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _mostConcurrent, now);
            Entered.TrySetResult();
            try
            {
                if (now >= _expectedCallers)
                {
                    _allIn.TrySetResult();
                }

                // Parallel callers wait for each other, so the test sees the real degree of parallelism.
                await _allIn.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                if (_hold)
                {
                    await _release.Task.WaitAsync(cancellationToken);
                }

                return new HttpResponseMessage(HttpStatusCode.OK);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }

        private sealed class GateHandler(HttpGate gate) : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                gate.SendAsync(cancellationToken);
        }
    }

    // A run of one echo job, held at its HTTP call until the gate is released.
    private async Task<(Task<int> Run, HttpGate Gate)> StartHeldRunAsync()
    {
        var gate = new HttpGate(expectedCallers: 1, hold: true);
        _host.HttpHandlers = gate.Source;
        var run = _host.RunAsync("run", "--job", _host.WriteJob(new Dictionary<string, string> { ["url"] = "https://echo.test/" }));
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return (run, gate);
    }
}
