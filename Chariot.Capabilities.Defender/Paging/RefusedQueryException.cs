
namespace Chariot.Capabilities.Defender.Paging;

/// <summary>
/// The API answered 400 to the first page of a query that a caller can ask another way (an undocumented option it
/// relies on, such as <c>$orderby</c> on alerts_v2). Carries the failure to report when no other way works.
/// </summary>
internal sealed class RefusedQueryException(CapabilityException failure) : Exception(failure.Message, failure)
{
    /// <summary>The failure to report as it is when the caller has no other way.</summary>
    public CapabilityException Failure => failure;
}
