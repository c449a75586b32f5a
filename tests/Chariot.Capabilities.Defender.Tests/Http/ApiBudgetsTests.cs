using Chariot.Capabilities.Defender.Http;
using Microsoft.Extensions.Time.Testing;

namespace Chariot.Capabilities.Defender.Tests.Http;

public sealed class ApiBudgetsTests
{
    private static HttpRequestMessage Machines() => new(HttpMethod.Get, "https://api.securitycenter.microsoft.com/api/machines?$top=1");

    [Fact]
    public async Task Machines_calls_past_90_a_minute_wait_for_the_window_to_slide()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        using var budgets = new ApiBudgets(time);
        using var request = Machines();
        for (var i = 0; i < 90; i++)
        {
            using var lease = await budgets.AcquireAsync(request, CancellationToken.None);
            Assert.True(lease.IsAcquired);
        }

        var waiting = budgets.AcquireAsync(request, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        // Held for the whole window plus one segment, so no exact 60 s window of the server's ever sees more than 90.
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(10));

        using var granted = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(granted.IsAcquired);
    }
}
