namespace Chariot.Capabilities.Defender.Paging;

/// <summary>
/// A bound on how long a response body may go silent. The resilience pipeline times each attempt out only until the
/// headers arrive; a page then streams for as long as it needs, but a connection that stops sending mid-body is taken
/// as dead, and the page or file is read again.
/// </summary>
internal static class BodyReads
{
    public static async Task<T> WithinIdleTimeoutAsync<T>(Task<T> read, TimeSpan idleTimeout, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            return await read.WaitAsync(idleTimeout, time, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new IOException($"No data arrived for {idleTimeout.TotalMinutes:0} minutes: the connection is taken as dead.", e);
        }
    }
}
