using Chariot.Capabilities.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace Chariot.Capabilities.Abstractions.Tests.Throttling;

public sealed class CallBudgetTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_spent_window_makes_the_next_call_wait_until_it_has_slid_one_segment_past_its_length()
    {
        var time = new FakeTimeProvider(Start);
        using var budget = new CallBudget(time, [CallLimit.PerMinute(3)]);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await budget.WaitAsync(CancellationToken.None));
        }

        var waiting = budget.WaitAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Every_limit_is_kept_the_hourly_one_too()
    {
        var time = new FakeTimeProvider(Start);
        using var budget = new CallBudget(time, [CallLimit.PerMinute(10), CallLimit.PerHour(4)]);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(await budget.WaitAsync(CancellationToken.None));
        }

        var waiting = budget.WaitAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMinutes(30));

        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task A_pause_holds_calls_back_and_a_shorter_one_does_not_shorten_it()
    {
        var time = new FakeTimeProvider(Start);
        using var budget = new CallBudget(time, [CallLimit.PerMinute(100)]);
        budget.Pause(TimeSpan.FromSeconds(20));
        budget.Pause(TimeSpan.FromSeconds(5));

        var waiting = budget.WaitAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_pause_that_begins_while_a_call_waits_for_its_slot_holds_that_call_too()
    {
        var time = new FakeTimeProvider(Start);
        using var budget = new CallBudget(time, [CallLimit.PerMinute(1)]);
        Assert.True(await budget.WaitAsync(CancellationToken.None));
        var waiting = budget.WaitAsync(CancellationToken.None).AsTask();

        time.Advance(TimeSpan.FromSeconds(10));
        budget.Pause(TimeSpan.FromMinutes(5));
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(4));

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(Start.AddMinutes(5).AddSeconds(10), time.GetUtcNow());
    }

    [Fact]
    public async Task Cancelling_a_waiting_call_ends_it_promptly()
    {
        var time = new FakeTimeProvider(Start);
        using var budget = new CallBudget(time, [CallLimit.PerMinute(1)]);
        Assert.True(await budget.WaitAsync(CancellationToken.None));
        using var cancel = new CancellationTokenSource();

        var waiting = budget.WaitAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData(0, 60)]
    [InlineData(5, 0)]
    public void A_limit_with_no_calls_or_no_window_is_refused(int calls, int seconds)
    {
        var error = Assert.Throws<ArgumentException>(() => new CallBudget(TimeProvider.System, [new CallLimit(calls, TimeSpan.FromSeconds(seconds))]));
        Assert.Contains("at least one call and a positive window", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_budget_with_no_limit_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new CallBudget(TimeProvider.System, []));
    }
}

public sealed class CallBudgetsTests
{
    [Fact]
    public void A_budget_a_host_keeps_does_not_keep_the_context_of_the_job_that_made_it_alive()
    {
        using var budgets = new CallBudgets(TimeProvider.System);

        var job = MakeBudgetInAJob(budgets);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Equal(1, budgets.Count);
        Assert.False(job.IsAlive, "the budget's timers hold the job's ExecutionContext");
    }

    // A job that sets an AsyncLocal (a logging scope, an activity...) and creates a budget on its own thread.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference MakeBudgetInAJob(CallBudgets budgets)
    {
        var scope = new AsyncLocal<object>();
        var weak = new WeakReference(null);
        var thread = new Thread(() =>
        {
            var state = new object();
            weak.Target = state;
            scope.Value = state;
            budgets.For("vendor|tenant|app|machines", [CallLimit.PerMinute(90)]);
        });
        thread.Start();
        thread.Join();
        return weak;
    }

    [Fact]
    public void One_key_is_one_budget_whoever_asks_and_the_first_callers_limits_stand()
    {
        using var budgets = new CallBudgets(TimeProvider.System);

        var first = budgets.For("vendor|tenant|app|machines", [CallLimit.PerMinute(90)]);
        var again = budgets.For("vendor|tenant|app|machines", [CallLimit.PerMinute(5)]);
        var other = budgets.For("vendor|other-tenant|app|machines", [CallLimit.PerMinute(90)]);

        Assert.Same(first, again);
        Assert.Equal([CallLimit.PerMinute(90)], again.Limits);
        Assert.NotSame(first, other);
        Assert.Equal(2, budgets.Count);
    }

    [Fact]
    public void Bad_limits_are_refused_without_spoiling_the_key_for_a_good_caller()
    {
        using var budgets = new CallBudgets(TimeProvider.System);

        Assert.Throws<ArgumentException>(() => budgets.For("key", [new CallLimit(0, TimeSpan.FromMinutes(1))]));

        Assert.Equal([CallLimit.PerMinute(3)], budgets.For("key", [CallLimit.PerMinute(3)]).Limits);
    }

    [Fact]
    public void A_disposed_set_gives_no_budget()
    {
        var budgets = new CallBudgets(TimeProvider.System);
        budgets.Dispose();

        Assert.Throws<ObjectDisposedException>(() => budgets.For("key", [CallLimit.PerMinute(3)]));
    }
}
