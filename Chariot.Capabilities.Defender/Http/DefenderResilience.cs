using System.Net;
using Chariot.Capabilities.Defender.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Chariot.Capabilities.Defender.Http;

/// <summary>
/// The resilience of every API call, outermost first: retry on 408/429/5xx and transport errors honouring Retry-After
/// (else exponential backoff with jitter), the documented call budgets, and a per-attempt timeout. All waits run on the
/// injected <see cref="TimeProvider"/> (Polly takes it from the container), so tests never sleep.
/// </summary>
internal static class DefenderResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, IServiceProvider services, bool budgeted)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var tally = services.GetRequiredService<SyncTally>();
        var budgets = services.GetRequiredService<ApiBudgets>();
        var options = services.GetRequiredService<SyncOptions>();
        pipeline.AddRetry(Retry(time, options, args =>
        {
            var response = args.Outcome.Result;

            // A timed-out or failed attempt has no response: the request is in the resilience context.
            var request = response?.RequestMessage ?? args.Context.GetRequestMessage();
            var throttled = response?.StatusCode == HttpStatusCode.TooManyRequests;
            tally.CountRetry(request, throttled);
            if (throttled && request is not null && RetryAfter.Of(response!, time.GetUtcNow()) is { } wait)
            {
                budgets.Pause(ApiEndpoints.Of(request), wait);
            }

            return default;
        }));
        if (budgeted)
        {
            pipeline.AddRateLimiter(new HttpRateLimiterStrategyOptions
            {
                RateLimiter = args => budgets.AcquireAsync(args.Context.GetRequestMessage(), args.Context.CancellationToken),
            });
        }

        pipeline.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = args => ValueTask.FromResult(AttemptTimeout(args.Context.GetRequestMessage(), options)),
        });
    }

    /// <summary>
    /// How long one attempt of <paramref name="request"/> waits for its answer: the configured attempt timeout, except for
    /// a hunting query, which the service may run for its documented 3 minutes before it answers (cut sooner and asked
    /// again, it would spend the tenant's hunting quota for nothing).
    /// </summary>
    public static TimeSpan AttemptTimeout(HttpRequestMessage? request, SyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return request is not null && ApiEndpoints.Of(request) == ApiEndpoints.Hunting
            ? Max(options.AttemptTimeout, SyncTuning.HuntingRunTime + TimeSpan.FromSeconds(30))
            : options.AttemptTimeout;

        static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
    }

    /// <summary>
    /// The token requests' resilience: the same retries and attempt timeout, so a moment of 429 or 5xx from the sign-in
    /// service (which MSAL alone tries once more, on real time) does not end a sync. No budget: sign-in is not an API's
    /// call, and a 400 (a wrong secret) is never retried.
    /// </summary>
    public static void ConfigureSignIn(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, IServiceProvider services)
    {
        var options = services.GetRequiredService<SyncOptions>();
        pipeline.AddRetry(Retry(services.GetRequiredService<TimeProvider>(), options, onRetry: null));
        pipeline.AddTimeout(options.AttemptTimeout);
    }

    private static HttpRetryStrategyOptions Retry(TimeProvider time, SyncOptions options, Func<OnRetryArguments<HttpResponseMessage>, ValueTask>? onRetry) => new()
    {
        MaxRetryAttempts = options.MaxRetries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromMinutes(1),
        ShouldRetryAfterHeader = false,
        DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter.Of(response, time.GetUtcNow()) : null),
        OnRetry = onRetry,
    };
}
