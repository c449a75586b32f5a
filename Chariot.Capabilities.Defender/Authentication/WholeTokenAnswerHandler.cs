namespace Chariot.Capabilities.Defender.Authentication;

/// <summary>
/// Reads a token answer whole inside the sign-in retries: a connection that drops in the middle of the answer is then a
/// failed attempt that is tried again, not a broken read in MSAL that ends the sync. Token answers are a few KB; one
/// larger than <see cref="MaxAnswerBytes"/> is not a token answer and fails the attempt.
/// </summary>
internal sealed class WholeTokenAnswerHandler : DelegatingHandler
{
    public const int MaxAnswerBytes = 1024 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            await response.Content.LoadIntoBufferAsync(MaxAnswerBytes, cancellationToken);
            return response;
        }
        catch (IOException e)
        {
            response.Dispose();
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The token endpoint's answer broke off: " + e.Message, e);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
